/**
 * The checks the generate calls and the upscale share on the aisandbox origin (docs/protocol-labs.md
 * §3.2, §3.5), each answering Google's refusal or undefined: the project is the caller's, the captcha
 * token is good, and the account has the credits and the room in flight for what it asks.
 */
import type {AccountState} from '../shared/accounts.js';
import {
	captchaFailed,
	concurrentLimit,
	type GoogleError,
	notFound,
	quotaReached,
} from '../shared/google-error.js';
import type {Ctx} from '../shared/http-util.js';
import {noteCrossAccount, type World} from '../shared/world.js';

/** Another account's project is "not found", and recorded; an unknown one is "not found" alone. */
export function checkProject(
	world: World,
	ctx: Ctx,
	account: AccountState,
	projectId: string,
): GoogleError | undefined {
	ctx.record.projectIds.push(projectId);
	const project = world.state.project(projectId);
	if (project && project.account !== account.name) noteCrossAccount(world, ctx);
	return project && project.account === account.name ? undefined : notFound();
}

/** The token is spent by this check, so any later refusal still needs a fresh one on retry. */
export function spendCaptcha(
	world: World,
	account: AccountState,
	token: string | undefined,
): GoogleError | undefined {
	if (token === undefined) return captchaFailed();
	return world.state.consumeCaptcha(account.name, token) === 'ok' ? undefined : captchaFailed();
}

/** Credits for `cost` (after refunds due by now), and room for `count` more media in flight. */
export function checkRoom(
	world: World,
	account: AccountState,
	cost: number,
	count: number,
): GoogleError | undefined {
	world.state.settle();
	if (account.credits < cost) return quotaReached();
	const cap = account.maxInFlight;
	if (cap !== undefined && world.state.inFlight(account.name) + count > cap) return concurrentLimit();
	return undefined;
}
