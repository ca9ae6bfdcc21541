// Proves the scheduling decisions: which account takes a scene now (round robin, room, gap, health,
// model), when to wait and until when, when no account ever will; the adaptive limit; the backoff.
import {describe, expect, it} from 'vitest';
import {
	AdaptiveLimit,
	backoffDelay,
	pickAccount,
	type SchedulableAccount,
} from '../../source/core/scheduler.js';

const account = (name: string, extra: Partial<SchedulableAccount> = {}): SchedulableAccount => ({
	name,
	usable: true,
	limit: 4,
	reserved: 0,
	nextSubmitAt: 0,
	deniedModels: new Set(),
	...extra,
});
const scene = {model: 'veo_3_1_t2v_fast', copies: 2};

describe('pickAccount', () => {
	it('goes round robin from the given start', () => {
		const accounts = [account('a'), account('b'), account('c')];
		expect(pickAccount(accounts, scene, 0, 0)).toEqual({kind: 'account', index: 0});
		expect(pickAccount(accounts, scene, 0, 1)).toEqual({kind: 'account', index: 1});
		expect(pickAccount(accounts, scene, 0, 5)).toEqual({kind: 'account', index: 2});
	});

	it('skips full, unusable and model-denied accounts', () => {
		const accounts = [
			account('full', {reserved: 3}),
			account('down', {usable: false}),
			account('denied', {deniedModels: new Set(['veo_3_1_t2v_fast'])}),
			account('free'),
		];
		expect(pickAccount(accounts, scene, 0, 0)).toEqual({kind: 'account', index: 3});
	});

	it('waits for the submit gap and says until when', () => {
		const accounts = [account('a', {nextSubmitAt: 500}), account('b', {nextSubmitAt: 300})];
		expect(pickAccount(accounts, scene, 100, 0)).toEqual({kind: 'wait', until: 300});
	});

	it('gives work to a partly busy account that still has room, up to an exact fit', () => {
		const accounts = [account('full', {reserved: 3}), account('busy', {reserved: 1}), account('idle')];
		expect(pickAccount(accounts, scene, 0, 0)).toEqual({kind: 'account', index: 1});
		// 2 reserved + 2 copies = the limit of 4.
		expect(pickAccount([account('snug', {reserved: 2}), account('idle')], scene, 0, 0)).toEqual({
			kind: 'account',
			index: 0,
		});
	});

	it('waits until the first gap to end, whichever account it belongs to', () => {
		const accounts = [
			account('a', {nextSubmitAt: 300}),
			account('b', {nextSubmitAt: 500}),
			account('c', {reserved: 4}),
		];
		expect(pickAccount(accounts, scene, 100, 0)).toEqual({kind: 'wait', until: 300});
		expect(pickAccount(accounts, scene, 100, 1)).toEqual({kind: 'wait', until: 300});
	});

	it('waits without a time when every account is full', () => {
		expect(pickAccount([account('a', {reserved: 4})], scene, 0, 0)).toEqual({kind: 'wait'});
	});

	it('says none when no account may ever take the scene', () => {
		const accounts = [account('a', {usable: false}), account('b', {deniedModels: new Set([scene.model])})];
		expect(pickAccount(accounts, scene, 0, 0)).toEqual({kind: 'none'});
	});

	it('lets a scene bigger than the limit run on an idle account', () => {
		expect(pickAccount([account('a', {limit: 1})], {model: 'm', copies: 4}, 0, 0)).toEqual({
			kind: 'account',
			index: 0,
		});
		expect(pickAccount([account('a', {limit: 1, reserved: 1})], {model: 'm', copies: 4}, 0, 0)).toEqual({
			kind: 'wait',
		});
	});
});

describe('AdaptiveLimit', () => {
	it('halves on throttle, grows back by one after successes, never above max', () => {
		const limit = new AdaptiveLimit(8, 2);
		limit.throttled();
		expect(limit.value).toBe(4);
		limit.throttled();
		limit.throttled();
		limit.throttled();
		expect(limit.value).toBe(1);
		limit.succeeded();
		expect(limit.value).toBe(1);
		limit.succeeded();
		expect(limit.value).toBe(2);
		for (let i = 0; i < 100; i++) limit.succeeded();
		expect(limit.value).toBe(8);
	});
});

describe('backoffDelay', () => {
	it('doubles per try with jitter between half and full', () => {
		expect(backoffDelay(1, {baseMs: 1000, random: () => 0})).toBe(500);
		expect(backoffDelay(1, {baseMs: 1000, random: () => 1})).toBe(1000);
		expect(backoffDelay(3, {baseMs: 1000, random: () => 1})).toBe(4000);
	});

	it('caps at max and never goes below Retry-After', () => {
		expect(backoffDelay(30, {baseMs: 1000, maxMs: 5000, random: () => 1})).toBe(5000);
		expect(backoffDelay(1, {baseMs: 10, retryAfterMs: 2000, random: () => 1})).toBe(2000);
	});
});

describe('pickAccount with ownership', () => {
	const accounts = [account('a'), account('b'), account('c')];

	it('takes only the named account, and waits for it rather than use another', () => {
		expect(pickAccount(accounts, scene, 0, 0, {only: 'c'})).toEqual({kind: 'account', index: 2});
		const busy = [account('a'), account('b'), account('c', {nextSubmitAt: 50})];
		expect(pickAccount(busy, scene, 0, 0, {only: 'c'})).toEqual({kind: 'wait', until: 50});
		const down = [account('a'), account('b'), account('c', {usable: false})];
		expect(pickAccount(down, scene, 0, 0, {only: 'c'})).toEqual({kind: 'none'});
	});

	it('tries preferred accounts first, then any', () => {
		expect(pickAccount(accounts, scene, 0, 0, {prefer: new Set(['b'])})).toEqual({kind: 'account', index: 1});
		const full = [account('a'), account('b', {reserved: 4}), account('c')];
		expect(pickAccount(full, scene, 0, 2, {prefer: new Set(['b'])})).toEqual({kind: 'account', index: 2});
	});
});

describe('pickAccount with needs', () => {
	it('gives a scene only to an account whose wire can do what it needs', () => {
		const accounts = [
			account('flow', {can: new Set(['upload'])}),
			account('labs', {can: new Set(['upload', 'extend', 'upscale'])}),
		];
		expect(pickAccount(accounts, {...scene, needs: ['extend']}, 0, 0)).toEqual({kind: 'account', index: 1});
		expect(pickAccount(accounts, {...scene, needs: ['upload']}, 0, 0)).toEqual({kind: 'account', index: 0});
		expect(pickAccount([accounts[0]!], {...scene, needs: ['upscale']}, 0, 0)).toEqual({kind: 'none'});
	});
});
