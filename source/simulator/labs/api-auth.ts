/**
 * What every route of the aisandbox origin (`/v1/*`) starts with: the bearer token as the only
 * credential (docs/protocol-labs.md §1.1), the JSON body as browsers send it (§1.2), and the built-in
 * 500 INTERNAL at `errorRate`.
 */
import type {AccountState} from '../shared/accounts.js';
import {type GoogleError, invalidArgument, unauthenticated} from '../shared/google-error.js';
import {bearerToken, type Ctx, readBody} from '../shared/http-util.js';
import type {World} from '../shared/world.js';

export const isError = (value: unknown): value is GoogleError =>
	typeof value === 'object' && value !== null && 'httpStatus' in value && 'body' in value;

/** A `?key=` API key is not a credential here: without a bearer the answer is CREDENTIALS_MISSING (FG). */
export function authenticate(world: World, ctx: Ctx): AccountState | GoogleError {
	const token = bearerToken(ctx.req);
	if (token === undefined) return unauthenticated('CREDENTIALS_MISSING');
	const verdict = world.state.tokenVerdict(token);
	if (verdict === 'expired') return unauthenticated('ACCESS_TOKEN_EXPIRED');
	const account = world.state.accountOfToken(token);
	if (verdict !== 'valid' || !account) return unauthenticated();
	return account;
}

/** Browsers send JSON as text/plain (§1.2); both that and application/json are read. */
export async function readJson(ctx: Ctx): Promise<unknown | GoogleError> {
	const type = (ctx.req.headers['content-type'] ?? 'text/plain').toLowerCase();
	const text = await readBody(ctx.req);
	if (!type.startsWith('text/plain') && !type.startsWith('application/json')) {
		return invalidArgument(`Invalid JSON payload received. Unsupported content type: ${type}`);
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return invalidArgument('Invalid JSON payload received. Unexpected token.');
	}
}

/** SimulatorOptions.errorRate, drawn from the seeded fault PRNG so a failing run replays. */
export const injectedFault = (world: World): boolean =>
	world.config.errorRate > 0 && world.faults() < world.config.errorRate;
