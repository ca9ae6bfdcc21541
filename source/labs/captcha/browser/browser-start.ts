/**
 * Starting the captcha's Chromium, or reaching the user's Chrome over CDP. playwright-core is imported
 * here on first use only, so a run that mints no token never loads it.
 */
import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import type {Browser} from 'playwright-core';
import {FlowError} from '../../errors/index.js';
import {browserErrorCodes, plainReason} from './browser-errors.js';
import {type BrowserMode, defaultChromiumPath, normaliseCdpEndpoint} from './browser-mode.js';

const isRoot = (): boolean => process.getuid?.() === 0;

export async function launchBrowser(
	mode: Extract<BrowserMode, {kind: 'launch'}>,
	timeoutMs: number,
): Promise<Browser> {
	const executablePath = mode.executablePath ?? defaultChromiumPath;
	try {
		await access(executablePath, constants.X_OK);
	} catch {
		throw new FlowError(
			'captcha',
			`the browser could not start: no Chromium at ${executablePath} (install chromium, or give the path of a Chromium or Chrome executable)`,
			{code: browserErrorCodes.start},
		);
	}
	const root = isRoot();
	const {chromium} = await import('playwright-core');
	try {
		return await chromium.launch({
			executablePath,
			headless: !mode.headed,
			// Chromium's sandbox cannot run as root; anyone else keeps it.
			chromiumSandbox: !root,
			timeout: timeoutMs,
			args: [
				...(root ? ['--no-sandbox'] : []),
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic',
			],
		});
	} catch (error) {
		const text = error instanceof Error ? error.message : String(error);
		// Playwright's first line ("…has been closed") says nothing; its box about X says it all.
		const reason = /XServer|Missing X server|cannot open display/i.test(text)
			? 'no display for a visible browser (run it headless, or under xvfb-run)'
			: plainReason(error);
		throw new FlowError('captcha', `the browser could not start (${executablePath}): ${reason}`, {
			code: browserErrorCodes.start,
			cause: error,
		});
	}
}

export async function connectBrowser(
	mode: Extract<BrowserMode, {kind: 'cdp'}>,
	timeoutMs: number,
): Promise<Browser> {
	const endpoint = normaliseCdpEndpoint(mode.endpoint);
	const {chromium} = await import('playwright-core');
	try {
		return await chromium.connectOverCDP(endpoint, {timeout: timeoutMs});
	} catch (error) {
		throw new FlowError(
			'captcha',
			`the browser could not be reached at ${endpoint} (is Chrome running with --remote-debugging-port?): ${plainReason(error)}`,
			{code: browserErrorCodes.start, cause: error},
		);
	}
}
