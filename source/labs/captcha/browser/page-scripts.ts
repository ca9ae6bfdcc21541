/**
 * What runs inside an account's project page: the site key it announces, whether grecaptcha.enterprise
 * is there yet, and one execute(), the way Flow's own front end mints (docs/protocol-labs.md §1.3).
 */

/** The site key F2A documents (docs/protocol-labs.md §1.3), used when a page names none. */
export const documentedSiteKey = '6LdsFiUsAAAAAIjVDZcuLhaHiDn5nnHVXVRQGeMV';

/** What runs in the page: the site key it announces (WIZ data, or enterprise.js?render=). */
export function readSiteKey(): string | null {
	const page = globalThis as unknown as {
		WIZ_global_data?: {xZbWve?: unknown};
		document: {querySelectorAll(selector: string): ArrayLike<{src: string}>};
	};
	const wiz = page.WIZ_global_data?.xZbWve;
	if (typeof wiz === 'string' && wiz !== '') return wiz;
	for (const script of Array.from(page.document.querySelectorAll('script[src*="recaptcha/enterprise.js"]'))) {
		const render = new URL(script.src).searchParams.get('render');
		if (render && render !== 'explicit') return render;
	}
	return null;
}

export function hasEnterprise(): boolean {
	const page = globalThis as unknown as {grecaptcha?: {enterprise?: {execute?: unknown}}};
	return typeof page.grecaptcha?.enterprise?.execute === 'function';
}

export type Minted = {token: string} | {error: string};

/** What runs in the page: one token, or the error text; never a rejection (Playwright would wrap it). */
export async function executeInPage([siteKey, action]: [string, string]): Promise<Minted> {
	type Enterprise = {
		ready(callback: () => void): void;
		execute(siteKey: string, options: {action: string}): PromiseLike<string>;
	};
	const enterprise = (globalThis as unknown as {grecaptcha?: {enterprise?: Enterprise}}).grecaptcha
		?.enterprise;
	if (!enterprise) return {error: 'grecaptcha.enterprise is gone from the page'};
	try {
		const token = await new Promise<string>((resolve, reject) => {
			enterprise.ready(() => {
				enterprise.execute(siteKey, {action}).then(resolve, reject);
			});
		});
		return typeof token === 'string' && token !== '' ? {token} : {error: 'execute gave an empty token'};
	} catch (error) {
		return {error: error instanceof Error ? error.message : String(error)};
	}
}
