// How the session, credits, create-project and generate answers are read at their edges: which
// answer is an expired cookie and which is garbage, numbers sent as strings, failures hidden inside a
// tRPC 200 and the HTTP status they stand for, and the exact words a protocol error quotes.
import {describe, expect, it} from 'vitest';
import type {FlowError} from '../../../../source/labs/errors/index.js';
import {
	parseCreateProject,
	parseCredits,
	parseGenerateResponse,
	parseSession,
} from '../../../../source/labs/wire/labs/protocol.js';
import {thrownFlowError as flowErrorOf} from '../../../helpers/flow-error.js';

const summary = (error: FlowError) => ({kind: error.kind, code: error.code, httpStatus: error.httpStatus});

describe('parseSession edges', () => {
	it('reads a null or blank token beside the session fields as an expired cookie', () => {
		for (const body of [
			{access_token: null, user: {email: 'a@b.c'}},
			{user: {}},
			{access_token: '   '},
			{accessToken: null, expires: '2026-06-07T10:16:38.293Z'},
		]) {
			expect(summary(flowErrorOf(() => parseSession(body)))).toEqual({
				kind: 'auth',
				code: 'NO_ACCESS_TOKEN',
				httpStatus: undefined,
			});
		}
	});

	it('reads a tRPC answer whose json is not an object as garbage, not as an expired cookie', () => {
		const error = flowErrorOf(() => parseSession({result: {data: {json: 'signed out'}}}));
		expect(error.kind).toBe('protocol');
		expect(error.message).toBe(
			'session: unexpected answer: {"result":{"data":{"json":"signed out"}}} (no access token)',
		);
	});

	it('says why an answer is garbage', () => {
		expect(flowErrorOf(() => parseSession({status: 'ok'})).message).toBe(
			'session: unexpected answer: {"status":"ok"} (no access token)',
		);
		expect(flowErrorOf(() => parseSession({access_token: 42})).message).toBe(
			'session: unexpected answer: {"access_token":42} (the access token is not a string)',
		);
		expect(flowErrorOf(() => parseSession(null)).message).toBe('session: unexpected answer: null');
		expect(flowErrorOf(() => parseSession(undefined)).message).toBe('session: unexpected answer: undefined');
	});

	it('never throws a TypeError on a value JSON cannot write', () => {
		const error = flowErrorOf(() => parseSession({access_token: 10n}));
		expect(error.kind).toBe('protocol');
		expect(error.message).toBe(
			'session: unexpected answer: [object Object] (the access token is not a string)',
		);
	});

	it('keeps only the user fields that are there, trimmed', () => {
		const session = parseSession({access_token: ' ya29.t ', user: {name: ' Ann ', email: ''}});
		expect(session).toStrictEqual({accessToken: 'ya29.t', user: {name: 'Ann'}});
		expect(parseSession({access_token: 'ya29.t', user: {email: 'a@b.c'}})).toStrictEqual({
			accessToken: 'ya29.t',
			user: {email: 'a@b.c'},
		});
	});
});

describe('parseCredits edges', () => {
	it('reads numbers sent as strings, with spaces, signs and decimals', () => {
		for (const [credits, read] of [
			[' 12 ', 12],
			['-3', -3],
			['2.25', 2.25],
			[0, 0],
			[17.5, 17.5],
		] as const) {
			expect(parseCredits({credits}).credits).toBe(read);
		}
	});

	it('refuses a balance that is only partly a number', () => {
		for (const credits of ['12x', 'x12', '1.', '1.x', '1.5.5', '', ['12'], true, Number.POSITIVE_INFINITY]) {
			const error = flowErrorOf(() => parseCredits({credits, userPaygateTier: 'PAYGATE_TIER_ONE'}));
			expect(error.kind).toBe('protocol');
			expect(error.message).toContain('(no credit balance)');
		}
	});

	it('reads a missing balance beside only a service tier as zero, and leaves out absent fields', () => {
		expect(parseCredits({serviceTier: 'SERVICE_TIER_INTERMEDIATE'})).toStrictEqual({
			credits: 0,
			tier: 'PAYGATE_TIER_NOT_PAID',
			serviceTier: 'SERVICE_TIER_INTERMEDIATE',
		});
		expect(parseCredits({credits: 5, userPaygateTier: ' PAYGATE_TIER_TWO '})).toStrictEqual({
			credits: 5,
			tier: 'PAYGATE_TIER_TWO',
		});
		expect(flowErrorOf(() => parseCredits({sku: 'x'})).message).toBe(
			'credits: unexpected answer: {"sku":"x"} (no credit balance)',
		);
	});
});

describe('parseCreateProject: failures inside a 200', () => {
	const read = (json: Record<string, unknown>) => {
		const error = flowErrorOf(() => parseCreateProject({result: {data: {json}}}));
		return {...summary(error), message: error.message};
	};

	it('takes the HTTP status from json.status from 400 up, whatever error.code says', () => {
		expect(read({status: 400, statusText: 'Bad Request'})).toEqual({
			kind: 'protocol',
			code: 'INVALID_ARGUMENT',
			httpStatus: 400,
			message: 'HTTP 400 INVALID_ARGUMENT: Bad Request',
		});
		expect(read({status: 400, error: {code: 409, message: 'conflict'}}).httpStatus).toBe(400);
		expect(read({status: '403', statusText: 'Forbidden'})).toMatchObject({kind: 'auth', httpStatus: 403});
	});

	it('takes it from error.code (400..599) when json.status is below 400 or absent, else 500', () => {
		for (const [status, code, httpStatus] of [
			[200, 503, 503],
			[undefined, 400, 400],
			[undefined, 599, 599],
			[undefined, 13, 500],
			[undefined, 600, 500],
			[undefined, undefined, 500],
			[399, 429, 429],
		] as const) {
			expect([status, code, read({status, error: {code, message: 'failed'}}).httpStatus]).toEqual([
				status,
				code,
				httpStatus,
			]);
		}
	});

	it('quotes a string error, else the statusText', () => {
		expect(read({status: 400, error: 'Project limit reached', statusText: 'Bad Request'}).message).toBe(
			'HTTP 400 INVALID_ARGUMENT: Project limit reached',
		);
		expect(read({error: 'Project limit reached'})).toEqual({
			kind: 'transient',
			code: 'INTERNAL',
			httpStatus: 500,
			message: 'HTTP 500 INTERNAL: Project limit reached',
		});
		expect(read({status: 403, statusText: 'Forbidden'}).message).toBe(
			'HTTP 403 PERMISSION_DENIED: Forbidden',
		);
		expect(read({error: 5}).message).toBe('HTTP 500 INTERNAL: {"error":{"code":500,"message":""}}');
	});

	it('reads a null error or a status below 400 beside the id as success', () => {
		expect(parseCreateProject({json: {error: null, projectId: 'p-1'}})).toBe('p-1');
		expect(parseCreateProject({result: {data: {json: {status: 200, result: {projectId: 'p-2'}}}}})).toBe(
			'p-2',
		);
		expect(parseCreateProject({json: {status: 399, projectId: 'p-3'}})).toBe('p-3');
	});

	it('reads the tRPC error envelope with its message and status, else as a 500', () => {
		const limit = flowErrorOf(() =>
			parseCreateProject({error: {json: {message: 'Project limit reached', data: {httpStatus: 400}}}}),
		);
		expect([limit.kind, limit.httpStatus, limit.message]).toEqual([
			'protocol',
			400,
			'HTTP 400 INVALID_ARGUMENT: Project limit reached',
		]);
		const bare = flowErrorOf(() => parseCreateProject({error: {json: {}}}));
		expect([bare.kind, bare.httpStatus, bare.message]).toEqual([
			'transient',
			500,
			'HTTP 500 INTERNAL: {"error":{"message":""}}',
		]);
	});

	it('says when there is no project id', () => {
		expect(flowErrorOf(() => parseCreateProject({json: {}})).message).toBe(
			'create project: unexpected answer: {"json":{}} (no projectId)',
		);
	});
});

describe('parseGenerateResponse edges', () => {
	const project = 'p-fallback';

	it('reads null lists as absent', () => {
		expect(
			parseGenerateResponse({media: null, operations: [{operation: {name: 'op-1'}}]}, project),
		).toStrictEqual({
			media: [{name: 'op-1', projectId: project}],
		});
		expect(parseGenerateResponse({media: [{name: 'm-1'}], operations: null}, project)).toStrictEqual({
			media: [{name: 'm-1', projectId: project}],
		});
	});

	it('never lists a media twice when an operation of the same name comes later', () => {
		const body = {
			media: [{name: 'm-1', projectId: 'p-own'}],
			operations: [{operation: {name: 'op-x'}}, {operation: {name: 'm-1'}}, {operation: {name: 'op-3'}}],
		};
		expect(parseGenerateResponse(body, project).media).toEqual([
			{name: 'm-1', projectId: 'p-own'},
			{name: 'op-3', projectId: project},
		]);
	});

	it('says what is missing', () => {
		for (const [body, detail] of [
			[{media: 'x'}, '("media" is not a list)'],
			[{operations: {}}, '("operations" is not a list)'],
			[{media: [{name: ' '}]}, '{"name":" "} (a media item has no name)'],
			[{operations: [{operation: {}}]}, '{"operation":{}} (an operation has no name)'],
			[{workflows: [{}]}, '{"workflows":[{}]} (no media and no operations)'],
		] as const) {
			const error = flowErrorOf(() => parseGenerateResponse(body, project));
			expect(error.message).toMatch(/^generate: unexpected answer: /);
			expect(error.message.endsWith(detail)).toBe(true);
		}
	});
});
