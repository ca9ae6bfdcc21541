import type {CaptchaRequest} from '../captcha/providers.js';
import type {Transport} from '../wire/transport.js';

/** What the captcha provider is asked for: the transport knows the action and the page (it may have switched). */
export function captchaRequestFor(account: string, transport: Transport, projectId: string): CaptchaRequest {
	return {
		account,
		projectId,
		action: transport.captchaAction,
		pageUrl: transport.captchaPageUrl(projectId),
		transport: transport.kind,
	};
}
