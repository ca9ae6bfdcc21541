// Readers of the labs session, credits and create-project answers.

import {classifyHttpError, FlowError} from '../../errors/index.js';
import type {CreditsInfo, PaygateTier} from '../../types.js';
import {at, isRecord, type Json, numeric, stringify, text, unexpected} from './protocol-read.js';

const defaultTier: PaygateTier = 'PAYGATE_TIER_NOT_PAID';

// ---------------------------------------------------------------------------------------------------
// Session
// ---------------------------------------------------------------------------------------------------

export type SessionInfo = {
	accessToken: string;
	/** ms epoch from `expires`; probably the next-auth session expiry, not the token's (LABS_PROTOCOL §1.1). */
	expiresAt?: number;
	user?: {email?: string; name?: string};
};

/** `GET /fx/api/auth/session`: plain next-auth JSON, or the tRPC-wrapped `auth.session` form. */
export function parseSession(body: unknown): SessionInfo {
	if (!isRecord(body)) throw unexpected('session', body);
	const wrapped = at(body, 'result', 'data');
	const isTrpc = isRecord(wrapped) && 'json' in wrapped;
	const inner = isTrpc ? wrapped.json : body;
	const token = isRecord(inner) ? (inner.access_token ?? inner.accessToken) : undefined;
	if (token !== undefined && token !== null && typeof token !== 'string') {
		throw unexpected('session', body, 'the access token is not a string');
	}
	const accessToken = text(token);
	if (accessToken === undefined || !isRecord(inner)) {
		// next-auth answers `{}` when it knows no session for the cookie; that is what an account moved
		// to flow.google.com gets (the transport probes the Flow page to tell it from a dead cookie).
		if (!isTrpc && Object.keys(body).length === 0) {
			throw new FlowError(
				'auth',
				'Flow moved this account to flow.google.com (not supported by this transport)',
				{
					code: 'ACCOUNT_MIGRATED',
				},
			);
		}
		const looksLikeSession = isTrpc
			? inner === null || isRecord(inner)
			: 'user' in body || 'expires' in body || token !== undefined;
		if (looksLikeSession) {
			throw new FlowError('auth', 'session cookie expired or invalid (no access token)', {
				code: 'NO_ACCESS_TOKEN',
			});
		}
		throw unexpected('session', body, 'no access token');
	}
	const session: SessionInfo = {accessToken};
	// Stryker disable next-line StringLiteral: any text that is no date parses to NaN, as '' does
	const expiresAt = Date.parse(text(inner.expires) ?? '');
	if (Number.isFinite(expiresAt)) session.expiresAt = expiresAt;
	if (isRecord(inner.user)) {
		const user: {email?: string; name?: string} = {};
		const email = text(inner.user.email);
		const name = text(inner.user.name);
		if (email !== undefined) user.email = email;
		if (name !== undefined) user.name = name;
		session.user = user;
	}
	return session;
}

// ---------------------------------------------------------------------------------------------------
// Credits
// ---------------------------------------------------------------------------------------------------

/** `GET /v1/credits`: `{credits, userPaygateTier, serviceTier?, sku?}`. */
export function parseCredits(body: unknown): CreditsInfo {
	if (!isRecord(body)) throw unexpected('credits', body);
	let credits = numeric(body.credits);
	if (body.credits === undefined && (text(body.userPaygateTier) ?? text(body.serviceTier)) !== undefined) {
		// proto3 JSON leaves out zero-valued fields: an account at 0 credits gets no `credits` at all.
		credits = 0;
	}
	if (credits === undefined) throw unexpected('credits', body, 'no credit balance');
	const info: CreditsInfo = {credits, tier: text(body.userPaygateTier) ?? defaultTier};
	const serviceTier = text(body.serviceTier);
	if (serviceTier !== undefined) info.serviceTier = serviceTier;
	return info;
}

// ---------------------------------------------------------------------------------------------------
// Create project
// ---------------------------------------------------------------------------------------------------

/**
 * A tRPC call can be HTTP 200 and still carry the backend's failure inside (`json.status` >= 400 or
 * `json.error`); classify it like the HTTP error it stands for.
 */
function embeddedError(inner: Json): FlowError | undefined {
	const status = numeric(inner.status) ?? 0;
	const error = inner.error;
	if (status < 400 && (error === undefined || error === null)) return undefined;
	const errorCode = numeric(at(error, 'code')) ?? 0;
	const httpStatus = status >= 400 ? status : errorCode >= 400 && errorCode <= 599 ? errorCode : 500;
	const googleError = isRecord(error)
		? error
		: {code: httpStatus, message: text(error) ?? text(inner.statusText) ?? ''};
	return classifyHttpError({status: httpStatus, bodyText: stringify({error: googleError})});
}

/** `trpc/project.createProject`: the new project's id. */
export function parseCreateProject(body: unknown): string {
	if (!isRecord(body)) throw unexpected('create project', body);
	const trpcError = at(body, 'error', 'json');
	if (isRecord(trpcError)) {
		const status = numeric(at(trpcError, 'data', 'httpStatus')) ?? 500;
		throw classifyHttpError({status, bodyText: stringify({error: {message: text(trpcError.message) ?? ''}})});
	}
	const inners = [at(body, 'result', 'data', 'json'), body.json].filter(isRecord);
	for (const inner of inners) {
		const failure = embeddedError(inner);
		if (failure) throw failure;
		const projectId = text(at(inner, 'result', 'projectId')) ?? text(inner.projectId);
		if (projectId !== undefined) return projectId;
	}
	throw unexpected('create project', body, 'no projectId');
}
