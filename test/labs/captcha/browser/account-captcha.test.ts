// Proves one account's browser captcha keeps a pool per action on its page: a flow account mints for
// its uploads (UPLOAD_IMAGE) between its generate calls (VIDEO_GENERATION), and neither throws away the
// tokens kept for the other; another page drops them all (tokens of the old page are of no use).
import {describe, expect, it} from 'vitest';
import {AccountCaptcha} from '../../../../source/labs/captcha/browser/account-captcha.js';
import type {AccountPage} from '../../../../source/labs/captcha/browser/account-page.js';
import type {MintTarget} from '../../../../source/labs/captcha/browser/account-tab.js';
import {type Counters, Samples} from '../../../../source/labs/captcha/browser/mint-stats.js';
import type {CaptchaRequest} from '../../../../source/labs/captcha/providers.js';
import {waitUntil} from './helpers.js';

/** A page that mints `<action>-<n>` at once and writes down what it minted for. */
function fakePage() {
	const minted: string[] = [];
	const page = {
		name: 'flo1',
		open: async () => {},
		mint: async (target: MintTarget) => {
			minted.push(`${target.pageUrl} ${target.action}`);
			return `${target.action}-${minted.length}`;
		},
		close: async () => {},
	};
	return {page: page as unknown as AccountPage, minted};
}

const counters = (): Counters => ({
	mints: 0,
	mintFailures: 0,
	takes: 0,
	pooledTakes: 0,
	mintLatency: new Samples(),
	waitLatency: new Samples(),
});

const ask = (action: string, project = 'p1'): CaptchaRequest => ({
	account: 'flo1',
	projectId: project,
	action,
	pageUrl: `https://flow.test/project/${project}`,
	transport: 'flow',
});

describe('AccountCaptcha: a pool per action', () => {
	it('an upload token between two generate tokens leaves the generate pool as it was', async () => {
		const {page, minted} = fakePage();
		const count = counters();
		const captcha = new AccountCaptcha(page, count, {poolSize: 2});
		try {
			expect(await captcha.mint(ask('VIDEO_GENERATION'))).toMatch(/^VIDEO_GENERATION-/);
			await waitUntil(() => captcha.ready === 2);
			expect(await captcha.mint(ask('UPLOAD_IMAGE'))).toMatch(/^UPLOAD_IMAGE-/);
			// The generate tokens minted ahead are still there: the next generate takes one of them.
			const pooledBefore = count.pooledTakes;
			expect(await captcha.mint(ask('VIDEO_GENERATION'))).toMatch(/^VIDEO_GENERATION-/);
			expect(count.pooledTakes).toBe(pooledBefore + 1);
			expect(minted.every((entry) => entry.startsWith('https://flow.test/project/p1 '))).toBe(true);
		} finally {
			await captcha.close();
		}
	});

	it('another page drops the pools of the old one', async () => {
		const {page} = fakePage();
		const captcha = new AccountCaptcha(page, counters(), {poolSize: 2});
		try {
			await captcha.mint(ask('VIDEO_GENERATION'));
			await captcha.mint(ask('UPLOAD_IMAGE'));
			await waitUntil(() => captcha.ready === 4);
			await captcha.mint(ask('VIDEO_GENERATION', 'p2'));
			// Only the new page's pool is left (refilling now): nothing minted for p1 is handed out.
			await waitUntil(() => captcha.ready === 2);
			expect(captcha.ready).toBe(2);
		} finally {
			await captcha.close();
		}
	});
});
