import {existsSync} from 'node:fs';
import {expect} from 'vitest';
import type {CaptchaProvider, CaptchaRequest} from '../../../../source/labs/captcha/providers.js';
import {FlowError} from '../../../../source/labs/errors/index.js';
import {type AccountClient, type BrowserCaptcha, createAccountClient} from '../../../../source/labs/index.js';
import type {Simulator} from '../../../../source/simulator/index.js';

export const chromiumPath = '/usr/bin/chromium';

/**
 * Real-Chromium tests run when /usr/bin/chromium exists. CI sets FLOWDECK_REQUIRE_CHROMIUM=1, so a
 * missing browser fails there instead of skipping.
 */
export const skipBrowserTests = !existsSync(chromiumPath) && process.env.FLOWDECK_REQUIRE_CHROMIUM !== '1';
export const skipReason = `no Chromium at ${chromiumPath} (set FLOWDECK_REQUIRE_CHROMIUM=1 to fail instead of skipping)`;

export const action = 'VIDEO_GENERATION';

export const labsRequest = (labsUrl: string, account: string, projectId = 'p-labs'): CaptchaRequest => ({
	account,
	projectId,
	action,
	pageUrl: `${labsUrl}/fx/tools/flow/project/${projectId}`,
	transport: 'labs',
});

export const flowRequest = (flowUrl: string, account: string, projectId = 'p-flow'): CaptchaRequest => ({
	account,
	projectId,
	action,
	pageUrl: `${flowUrl}/project/${projectId}`,
	transport: 'flow',
});

export async function captchaError(promise: Promise<unknown>): Promise<FlowError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(FlowError);
		expect((error as FlowError).kind).toBe('captcha');
		return error as FlowError;
	}
	throw new Error('expected a captcha FlowError');
}

export async function waitUntil(
	condition: () => boolean | Promise<boolean>,
	timeoutMs = 10_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

export const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * lab1 on labs.google (its session cookie) and flo1 on flow.google.com (its Google cookies), both
 * against `sim`, with tokens from `captcha` (or each account's context of `browser`).
 */
export function labAndFlowClients(
	sim: Simulator,
	accounts: {labCookie: string; flowGoogleCookies: string},
	captcha: BrowserCaptcha | CaptchaProvider,
): AccountClient[] {
	const origins = {apiUrl: sim.apiUrl, labsUrl: sim.labsUrl, flowUrl: sim.flowUrl};
	const providerFor = (account: {name: string; cookie?: string; googleCookies?: string}) =>
		'forAccount' in captcha ? captcha.forAccount(account) : captcha;
	const lab = {name: 'lab1', cookie: accounts.labCookie};
	const flow = {name: 'flo1', googleCookies: accounts.flowGoogleCookies};
	return [
		createAccountClient({...lab, transport: 'labs', captcha: providerFor(lab), origins}),
		createAccountClient({...flow, transport: 'flow', captcha: providerFor(flow), origins}),
	];
}
