import type {ErrorKind} from '../../labs/errors/index.js';

/**
 * What happens after an error, at every stage, in one table (docs/failure-policy.md): pure, so that
 * it reads as the rules it is and is tested without a server. The stages only carry its decisions out.
 */

/** Where the error happened. `generation`: a status answer says Flow failed the video itself. */
export type FailureStage =
	| 'prepare'
	| 'submit'
	| 'poll'
	| 'poll-media'
	| 'generation'
	| 'download'
	| 'upscale';

export type Action =
	/** The same call again after a back-off (preparing an account, a download). */
	| 'retry'
	/** The scene goes back to the queue at once: another account may take it. */
	| 'requeue'
	/** The scene goes back to the queue after a back-off. */
	| 'back-off'
	/** The submit may have reached Flow: not sent again without the user (docs/design.md §3). */
	| 'in-doubt'
	/** Flow failed the video for a reason it refunds and that may pass: one automatic new attempt. */
	| 'new-attempt'
	| 'fail-scene'
	| 'fail-media'
	/** The video is finished and paid for: it stays ready for `resume`. */
	| 'keep-ready'
	/** A status call refused as a whole: ask for each media on its own to find which one. */
	| 'ask-one-by-one'
	/** Ask again at the next poll interval. */
	| 'next-interval'
	/** Stop asking: the rest of this poll round, or (preparing) the account altogether. */
	| 'stop-asking';

/** What the error does to the account, besides the scene. */
export type AccountEffect = 'fail' | 'cool-down' | 'deny-model';

export type Decision = {
	action: Action;
	account?: AccountEffect;
	/** The scene or media fails because its tries ran out, not because of this one answer. */
	gaveUp?: boolean;
};

export type FailureFacts = {
	stage: FailureStage;
	/** The error's kind; for `generation` the kind of Flow's failure code, undefined when unknown. */
	kind: ErrorKind | undefined;
	/** A write whose request may have reached the server (labs/errors: `ambiguous`). */
	ambiguous?: boolean;
	/** Failed tries of this stage so far, this one included. */
	tries?: number;
	maxTries?: number;
	/** Submit: throttled tries so far, this one included, and their own limit. */
	throttledTries?: number;
	maxThrottledTries?: number;
	/** Poll: the media has given this many unreadable answers in a row, the limit reached. */
	worn?: boolean;
	/** Poll: the call covered more than one media. */
	batch?: boolean;
	/** Download: the account has already failed. */
	accountFailed?: boolean;
	/** Generation: the scene already had its automatic new attempt. */
	autoRetried?: boolean;
};

type Rule = Decision | ((facts: FailureFacts) => Decision);
type StageRules = Partial<Record<ErrorKind, Rule>> & {otherwise: Rule};

const exhausted = (facts: FailureFacts): boolean =>
	(facts.tries ?? 0) >= (facts.maxTries ?? Number.POSITIVE_INFINITY) ||
	(facts.throttledTries ?? 0) >= (facts.maxThrottledTries ?? Number.POSITIVE_INFINITY);

/** A submit that may pass later: back off, until this scene's patience is spent. */
const submitAgain =
	(account?: AccountEffect): Rule =>
	(facts) =>
		exhausted(facts) ? {action: 'fail-scene', account, gaveUp: true} : {action: 'back-off', account};

/** A download of a paid video: fetched again, within the download budget. */
const downloadAgain: Rule = (facts) =>
	exhausted(facts) ? {action: 'fail-media', gaveUp: true} : {action: 'retry'};

/**
 * Asking for an upscale again is safe: Flow answers a second ask for the same clip "already exists",
 * which the account client reads as the same media (docs/failure-policy.md). So a lost answer is
 * asked again, not left in doubt.
 */
const upscaleAgain = (facts: FailureFacts): Decision =>
	exhausted(facts) ? {action: 'fail-media', gaveUp: true} : {action: 'retry'};

/** The table. Rows are stages; a kind not named in a row takes the row's `otherwise`. */
export const failurePolicy: Record<FailureStage, StageRules> = {
	prepare: {
		// A flaky network at start must not cost an account the whole run.
		transient: (facts) => (exhausted(facts) ? {action: 'stop-asking', account: 'fail'} : {action: 'retry'}),
		throttle: (facts) => (exhausted(facts) ? {action: 'stop-asking', account: 'fail'} : {action: 'retry'}),
		otherwise: {action: 'stop-asking', account: 'fail'},
	},
	submit: {
		auth: {action: 'requeue', account: 'fail'},
		quota: {action: 'requeue', account: 'fail'},
		'model-access': {action: 'requeue', account: 'deny-model'},
		// Throttling says the account is busy, not that the scene is bad: the account cools down.
		throttle: submitAgain('cool-down'),
		transient: submitAgain(),
		captcha: submitAgain(),
		otherwise: {action: 'fail-scene'},
	},
	poll: {
		auth: {action: 'next-interval', account: 'fail'},
		throttle: {action: 'next-interval', account: 'cool-down'},
		'not-found': {action: 'ask-one-by-one'},
		// An answer that cannot be read is not asked for forever (docs/wire-captures.md).
		protocol: (facts) => {
			if (!facts.worn) return {action: 'next-interval'};
			return {action: facts.batch ? 'ask-one-by-one' : 'fail-media'};
		},
		otherwise: {action: 'next-interval'},
	},
	'poll-media': {
		'not-found': {action: 'fail-media'},
		protocol: (facts) => ({action: facts.worn ? 'fail-media' : 'next-interval'}),
		auth: {action: 'stop-asking', account: 'fail'},
		otherwise: {action: 'stop-asking'},
	},
	generation: {
		// Flow refunds a generation it failed on its own side (internal, overloaded, high traffic):
		// a second try may well pass. A policy refusal, or a code flowdeck does not know, never.
		transient: (facts) => ({action: facts.autoRetried ? 'fail-scene' : 'new-attempt'}),
		throttle: (facts) => ({action: facts.autoRetried ? 'fail-scene' : 'new-attempt'}),
		otherwise: {action: 'fail-scene'},
	},
	download: {
		// The cookie no longer opens the account's media: the paid video waits for `resume`.
		auth: (facts) =>
			(facts.tries ?? 0) >= 2 || facts.accountFailed
				? {action: 'keep-ready', account: facts.accountFailed ? undefined : 'fail'}
				: downloadAgain(facts),
		// Flow said the video is finished: garbage in its place (HTML, a one-off sign-in page, a 404
		// from a CDN edge) says nothing about the video, and a freshly resolved URL usually serves it.
		transient: downloadAgain,
		throttle: downloadAgain,
		protocol: downloadAgain,
		'not-found': downloadAgain,
		otherwise: {action: 'fail-media'},
	},
	upscale: {
		auth: {action: 'fail-media', account: 'fail'},
		throttle: upscaleAgain,
		transient: upscaleAgain,
		captcha: upscaleAgain,
		otherwise: (facts) => (facts.ambiguous ? upscaleAgain(facts) : {action: 'fail-media'}),
	},
};

/** The decision for one failure. A write that may have reached Flow is in doubt before anything else. */
export function decide(facts: FailureFacts): Decision {
	if (facts.stage === 'submit' && facts.ambiguous) return {action: 'in-doubt'};
	const row = failurePolicy[facts.stage];
	const rule = (facts.kind && row[facts.kind]) ?? row.otherwise;
	return typeof rule === 'function' ? rule(facts) : rule;
}

/** Which of a submit's counters a failure of this kind spends: throttling has its own, larger one. */
export function countSubmitFailure(
	kind: ErrorKind,
	counts: {tries: number; throttledTries: number},
): {tries: number; throttledTries: number} {
	if (kind === 'throttle') return {...counts, throttledTries: counts.throttledTries + 1};
	if (kind === 'transient' || kind === 'captcha') return {...counts, tries: counts.tries + 1};
	return counts;
}
