import {describe, expect, it} from 'vitest';
import {
	countSubmitFailure,
	decide,
	type FailureFacts,
	failurePolicy,
} from '../../../source/core/pipeline/policy.js';
import {errorKinds} from '../../../source/labs/errors/index.js';

// The failure policy (docs/failure-policy.md): (stage, kind, tries) → what happens. Pure, so every
// row is checked here without a server; the stages' own tests show each decision carried out.

const submit = (kind: FailureFacts['kind'], extra: Partial<FailureFacts> = {}) =>
	decide({stage: 'submit', kind, tries: 1, maxTries: 5, throttledTries: 0, maxThrottledTries: 30, ...extra});

describe('submit', () => {
	it('puts a write that may have reached Flow in doubt, whatever its kind', () => {
		for (const kind of errorKinds) expect(submit(kind, {ambiguous: true})).toEqual({action: 'in-doubt'});
	});

	it('moves the scene on at once when the account is the problem, and fails or limits the account', () => {
		expect(submit('auth')).toEqual({action: 'requeue', account: 'fail'});
		expect(submit('quota')).toEqual({action: 'requeue', account: 'fail'});
		expect(submit('model-access')).toEqual({action: 'requeue', account: 'deny-model'});
	});

	it('backs off on trouble that passes, until the tries run out', () => {
		expect(submit('transient', {tries: 4})).toEqual({action: 'back-off', account: undefined});
		expect(submit('captcha', {tries: 4})).toEqual({action: 'back-off', account: undefined});
		expect(submit('transient', {tries: 5})).toEqual({action: 'fail-scene', account: undefined, gaveUp: true});
	});

	it('cools a throttled account down, and fails the scene only after its own larger budget', () => {
		expect(submit('throttle', {throttledTries: 29})).toEqual({action: 'back-off', account: 'cool-down'});
		expect(submit('throttle', {throttledTries: 30})).toEqual({
			action: 'fail-scene',
			account: 'cool-down',
			gaveUp: true,
		});
	});

	it('fails the scene on a refusal, a lost media or an answer it cannot read, never sending it again', () => {
		for (const kind of ['policy', 'not-found', 'protocol'] as const) {
			expect(submit(kind)).toEqual({action: 'fail-scene'});
		}
	});

	it('counts throttling apart from other retryable failures, and the rest not at all', () => {
		const counts = {tries: 2, throttledTries: 7};
		expect(countSubmitFailure('throttle', counts)).toEqual({tries: 2, throttledTries: 8});
		expect(countSubmitFailure('transient', counts)).toEqual({tries: 3, throttledTries: 7});
		expect(countSubmitFailure('captcha', counts)).toEqual({tries: 3, throttledTries: 7});
		expect(countSubmitFailure('policy', counts)).toEqual(counts);
	});
});

describe('in doubt', () => {
	it('is a submit matter only: elsewhere `ambiguous` changes nothing', () => {
		expect(decide({stage: 'download', kind: 'transient', ambiguous: true, tries: 1, maxTries: 5})).toEqual({
			action: 'retry',
		});
		expect(decide({stage: 'poll', kind: 'transient', ambiguous: true})).toEqual({action: 'next-interval'});
	});
});

describe('prepare', () => {
	it('retries a flaky start, then gives the account up; anything else fails it at once', () => {
		const prepare = (kind: FailureFacts['kind'], tries: number) =>
			decide({stage: 'prepare', kind, tries, maxTries: 4});
		expect(prepare('transient', 3)).toEqual({action: 'retry'});
		expect(prepare('throttle', 3)).toEqual({action: 'retry'});
		expect(prepare('transient', 4)).toEqual({action: 'stop-asking', account: 'fail'});
		expect(prepare('throttle', 4)).toEqual({action: 'stop-asking', account: 'fail'});
		expect(prepare('auth', 1)).toEqual({action: 'stop-asking', account: 'fail'});
	});
});

describe('poll', () => {
	const poll = (kind: FailureFacts['kind'], extra: Partial<FailureFacts> = {}) =>
		decide({stage: 'poll', kind, ...extra});

	it('asks each media on its own when a whole call is "not found"', () => {
		expect(poll('not-found')).toEqual({action: 'ask-one-by-one'});
	});

	it('asks again next interval, failing or cooling the account when the answer says so', () => {
		expect(poll('transient')).toEqual({action: 'next-interval'});
		expect(poll('auth')).toEqual({action: 'next-interval', account: 'fail'});
		expect(poll('throttle')).toEqual({action: 'next-interval', account: 'cool-down'});
	});

	it('never asks forever for an answer it cannot read', () => {
		expect(poll('protocol', {worn: false, batch: true})).toEqual({action: 'next-interval'});
		expect(poll('protocol', {worn: true, batch: true})).toEqual({action: 'ask-one-by-one'});
		expect(poll('protocol', {worn: true, batch: false})).toEqual({action: 'fail-media'});
	});

	it('one media at a time: fails the lost one, stops the round on anything else', () => {
		const one = (kind: FailureFacts['kind'], worn = false) => decide({stage: 'poll-media', kind, worn});
		expect(one('not-found')).toEqual({action: 'fail-media'});
		expect(one('protocol', true)).toEqual({action: 'fail-media'});
		expect(one('protocol', false)).toEqual({action: 'next-interval'});
		expect(one('auth')).toEqual({action: 'stop-asking', account: 'fail'});
		expect(one('transient')).toEqual({action: 'stop-asking'});
	});
});

describe('generation: Flow failed the video itself', () => {
	const generation = (kind: FailureFacts['kind'], autoRetried = false) =>
		decide({stage: 'generation', kind, autoRetried});

	it('gives a refundable failure (server trouble, high traffic) one automatic new attempt', () => {
		expect(generation('transient')).toEqual({action: 'new-attempt'});
		expect(generation('throttle')).toEqual({action: 'new-attempt'});
		expect(generation('transient', true)).toEqual({action: 'fail-scene'});
		expect(generation('throttle', true)).toEqual({action: 'fail-scene'});
	});

	it('never tries a policy refusal again, nor a code it does not know', () => {
		expect(generation('policy')).toEqual({action: 'fail-scene'});
		expect(generation(undefined)).toEqual({action: 'fail-scene'});
		expect(generation('model-access')).toEqual({action: 'fail-scene'});
	});
});

describe('download of a finished, paid video', () => {
	const download = (kind: FailureFacts['kind'], tries: number, accountFailed = false) =>
		decide({stage: 'download', kind, tries, maxTries: 5, accountFailed});

	it('fetches again after trouble that may pass, then fails the media when the budget is spent', () => {
		for (const kind of ['transient', 'throttle', 'protocol', 'not-found'] as const) {
			expect(download(kind, 4)).toEqual({action: 'retry'});
			expect(download(kind, 5)).toEqual({action: 'fail-media', gaveUp: true});
		}
	});

	it('keeps the video ready for resume when the account no longer opens it', () => {
		expect(download('auth', 1)).toEqual({action: 'retry'});
		expect(download('auth', 2)).toEqual({action: 'keep-ready', account: 'fail'});
		expect(download('auth', 1, true)).toEqual({action: 'keep-ready', account: undefined});
	});

	it('fails the media on anything else', () => {
		expect(download('policy', 1)).toEqual({action: 'fail-media'});
	});
});

describe('upscale of a saved clip', () => {
	const upscale = (kind: FailureFacts['kind'], extra: Partial<FailureFacts> = {}) =>
		decide({stage: 'upscale', kind, tries: 1, maxTries: 3, ...extra});

	it('asks again on trouble that passes, and on a lost answer, until the tries run out', () => {
		for (const kind of ['transient', 'throttle', 'captcha'] as const) {
			expect(upscale(kind)).toEqual({action: 'retry'});
			expect(upscale(kind, {tries: 3})).toEqual({action: 'fail-media', gaveUp: true});
		}
		expect(upscale('protocol', {ambiguous: true})).toEqual({action: 'retry'});
		expect(upscale('protocol', {ambiguous: true, tries: 3})).toEqual({action: 'fail-media', gaveUp: true});
	});

	it('fails the upscale at once for anything else, and the account on auth', () => {
		expect(upscale('auth')).toEqual({action: 'fail-media', account: 'fail'});
		expect(upscale('protocol')).toEqual({action: 'fail-media'});
		expect(upscale('model-access')).toEqual({action: 'fail-media'});
		expect(upscale('policy')).toEqual({action: 'fail-media'});
	});
});

describe('the table', () => {
	it('has a decision for every stage and every kind', () => {
		for (const stage of Object.keys(failurePolicy) as FailureFacts['stage'][]) {
			for (const kind of [...errorKinds, undefined]) {
				const decision = decide({stage, kind, tries: 1, maxTries: 3});
				expect(decision.action, `${stage}/${kind}`).toMatch(/^[a-z-]+$/);
			}
		}
	});
});
