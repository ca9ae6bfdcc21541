import {existsSync} from 'node:fs';
import {expect} from 'vitest';
import type {CaptchaRequest} from '../../source/labs/captcha.js';
import {FlowError} from '../../source/labs/errors.js';

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
