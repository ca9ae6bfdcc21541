import {spawn} from 'node:child_process';
import {excerpt, FlowError} from '../errors/index.js';
import type {TransportKind} from '../types.js';

export type CaptchaRequest = {
	account: string;
	projectId: string;
	action: string;
	/**
	 * The signed-in page the token must come from, as the account's transport names it (labs:
	 * `<labs>/fx/tools/flow/project/<id>`, flow: `<flow>/project/<id>`). Filled in by AccountClient.
	 */
	pageUrl?: string;
	/** Which site that page is on, so a browser knows which of the account's cookies it needs. */
	transport?: TransportKind;
};

/**
 * Mints a fresh single-use reCAPTCHA token for one generate call of one account. A token is handed
 * out once: callers ask again for every call, retries included.
 */
export interface CaptchaProvider {
	readonly label: string;
	mint(request: CaptchaRequest): Promise<string>;
	/** Releases what the provider holds for its account (a browser context); called when its client closes. */
	close?(): Promise<void>;
	/**
	 * Optional: the account is signed in and will generate in this project soon; a provider may get its
	 * page ready now. Never throws; a failure shows on the next mint.
	 */
	warm?(request: CaptchaRequest): void;
}

export type CommandCaptchaOptions = {timeoutMs?: number; env?: NodeJS.ProcessEnv};

/**
 * Runs the user's command once per generate call (docs/design.md §4): FLOWDECK_ACCOUNT,
 * FLOWDECK_PROJECT_ID and FLOWDECK_CAPTCHA_ACTION in its environment, plus FLOWDECK_CAPTCHA_PAGE_URL
 * (the signed-in project page the token must be minted on, labs.google or flow.google.com as the
 * account's transport says) when known; the first stdout line is the token.
 */
export function commandCaptchaProvider(
	command: string,
	options: CommandCaptchaOptions = {},
): CaptchaProvider {
	const timeoutMs = options.timeoutMs ?? 120_000;
	return {
		label: 'command',
		mint: (request) => runCaptchaCommand(command, request, timeoutMs, options.env ?? process.env),
	};
}

function runCaptchaCommand(
	command: string,
	request: CaptchaRequest,
	timeoutMs: number,
	baseEnv: NodeJS.ProcessEnv,
): Promise<string> {
	// A page URL inherited from flowdeck's own environment would name some other page.
	const {FLOWDECK_CAPTCHA_PAGE_URL: _inherited, ...inheritedEnv} = baseEnv;
	return new Promise((resolve, reject) => {
		const child = spawn(command, {
			shell: true,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {
				...inheritedEnv,
				FLOWDECK_ACCOUNT: request.account,
				FLOWDECK_PROJECT_ID: request.projectId,
				FLOWDECK_CAPTCHA_ACTION: request.action,
				...(request.pageUrl ? {FLOWDECK_CAPTCHA_PAGE_URL: request.pageUrl} : {}),
			},
		});
		let stdout = '';
		let stderr = '';
		let settled = false;
		const fail = (message: string) => {
			if (settled) return;
			settled = true;
			reject(new FlowError('captcha', `captcha command ${message}`, {code: 'CAPTCHA_COMMAND'}));
		};
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			fail(`gave no token within ${Math.round(timeoutMs / 1000)} s`);
		}, timeoutMs);
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			// Only a little is kept for the error line; a chatty helper must not grow memory.
			if (stderr.length < 2000) stderr += chunk;
		});
		child.on('error', (error) => {
			clearTimeout(timer);
			fail(`could not start: ${error.message}`);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (settled) return;
			const token = stdout.split(/\r?\n/, 1)[0]?.trim() ?? '';
			if (code !== 0) {
				const why = stderr.trim() ? `: ${excerpt(stderr, 160)}` : '';
				fail(signal ? `was killed by ${signal}${why}` : `exited with code ${code}${why}`);
				return;
			}
			if (!token) {
				fail('printed no token on its first line');
				return;
			}
			settled = true;
			resolve(token);
		});
	});
}

/** Wraps a function (the simulator's own minting, a browser page, a test double). */
export function functionCaptchaProvider(
	label: string,
	mint: (request: CaptchaRequest) => string | Promise<string>,
): CaptchaProvider {
	return {
		label,
		async mint(request) {
			try {
				const token = await mint(request);
				if (typeof token !== 'string' || token.length === 0) {
					throw new FlowError('captcha', `${label} captcha gave an empty token`);
				}
				return token;
			} catch (error) {
				if (error instanceof FlowError) throw error;
				throw new FlowError('captcha', `${label} captcha failed: ${(error as Error).message}`, {
					cause: error,
				});
			}
		},
	};
}
