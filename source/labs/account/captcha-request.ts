import type {CaptchaRequest} from '../captcha/providers.js';
import type {Transport} from '../wire/transport.js';

/**
 * What the captcha provider is asked for: the transport knows the action and the page (it may have
 * switched). `action` is the generate call's unless the call says otherwise (an upload's).
 */
export function captchaRequestFor(
	account: string,
	transport: Transport,
	projectId: string,
	action: string = transport.captchaAction,
): CaptchaRequest {
	return {
		account,
		projectId,
		action,
		pageUrl: transport.captchaPageUrl(projectId),
		transport: transport.kind,
	};
}
