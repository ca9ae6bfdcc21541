/**
 * The simulator must answer a poll for a media the account cannot see the way the real server did in
 * test/fixtures/wire/labs/batchCheckAsyncVideoGenerationStatus_response_media_failed-media-not-found_2026-08.flowgraph.json:
 * HTTP 200, that item FAILED "Media not found.", the account's own media answered as usual.
 */
import {readFileSync} from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import type {MediaRef} from '../../../../source/labs/types.js';
import {
	apiPaths,
	buildStatusBody,
	labsPaths,
	parseStatusResponse,
} from '../../../../source/labs/wire/labs/protocol.js';
import {type SimHarness, startHarness} from '../../../helpers/sim.js';

// biome-ignore lint/suspicious/noExplicitAny: assertions walk wire JSON whose shape is the thing under test
type Json = Record<string, any>;

const captured = JSON.parse(
	readFileSync(
		new URL(
			'../../../fixtures/wire/labs/batchCheckAsyncVideoGenerationStatus_response_media_failed-media-not-found_2026-08.flowgraph.json',
			import.meta.url,
		),
		'utf8',
	),
) as Json;
const capturedItem = captured.media[0] as Json;

let harness: SimHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const accounts = [
	{name: 'acc1', cookie: 'cookie-one'},
	{name: 'acc2', cookie: 'cookie-two'},
];
const request = {prompt: 'a heron at dawn', model: 'veo_3_1_t2v_fast', aspect: '16:9' as const, copies: 1};

async function poll(sim: SimHarness['sim'], cookie: string, media: MediaRef[]) {
	const session = await fetch(sim.labsUrl + labsPaths.session, {
		headers: {cookie: `__Secure-next-auth.session-token=${cookie}`},
	});
	const token = ((await session.json()) as Json).access_token as string;
	const response = await fetch(sim.apiUrl + apiPaths.status, {
		method: 'POST',
		headers: {authorization: `Bearer ${token}`, 'content-type': 'text/plain;charset=UTF-8'},
		body: JSON.stringify(buildStatusBody(media)),
	});
	return {status: response.status, body: (await response.json()) as Json};
}

describe('simulator status answers in the captured "Media not found." shape', () => {
	it('answers a foreign and an unknown media 200 + FAILED, and the own media normally', async () => {
		harness = await startHarness({accounts, generationMs: 60_000});
		const [one, two] = harness.clients;
		await one!.prepare();
		await two!.prepare();
		const [mine] = (await one!.submit(request)).media;
		const [theirs] = (await two!.submit(request)).media;
		const unknown = {name: crypto.randomUUID(), projectId: mine!.projectId};

		const answer = await poll(harness.sim, 'cookie-one', [mine!, theirs!, unknown]);
		expect(answer.status).toBe(200);
		expect(answer.body.remainingCredits).toBe(harness.sim.account('acc1').credits);
		const [own, foreign, missing] = answer.body.media as Json[];
		expect(foreign).toEqual({...capturedItem, name: theirs!.name});
		expect(missing).toEqual({...capturedItem, name: unknown.name});
		expect(own).toMatchObject({name: mine!.name, projectId: mine!.projectId});
		expect(own!.mediaMetadata.mediaStatus).toEqual({
			mediaGenerationStatus: 'MEDIA_GENERATION_STATUS_PENDING',
		});
		expect(harness.sim.stats.crossAccountAttempts).toHaveLength(1);

		const read = parseStatusResponse(answer.body, mine!.projectId);
		expect(read.media.map((item) => [item.name, item.state])).toEqual([
			[mine!.name, 'pending'],
			[theirs!.name, 'not-found'],
			[unknown.name, 'not-found'],
		]);
	});

	it('does not count an unknown media of the own project as a cross-account attempt', async () => {
		harness = await startHarness({accounts, generationMs: 60_000});
		const [one] = harness.clients;
		await one!.prepare();
		const [mine] = (await one!.submit(request)).media;
		const answer = await poll(harness.sim, 'cookie-one', [
			{name: 'no-such-media', projectId: mine!.projectId},
		]);
		expect(answer.status).toBe(200);
		expect(answer.body.media).toEqual([{...capturedItem, name: 'no-such-media'}]);
		expect(harness.sim.stats.crossAccountAttempts).toHaveLength(0);
	});

	it('gives the real client a not-found for the foreign media, with the own one beside it', async () => {
		harness = await startHarness({accounts, generationMs: 60_000});
		const [one, two] = harness.clients;
		await one!.prepare();
		await two!.prepare();
		const [mine] = (await one!.submit(request)).media;
		const [theirs] = (await two!.submit(request)).media;
		one!.rememberProject(theirs!.projectId);
		const result = await one!.status([mine!, theirs!]);
		expect(result.media.map((item) => [item.name, item.state])).toEqual([
			[mine!.name, 'pending'],
			[theirs!.name, 'not-found'],
		]);
		expect(result.media[1]?.failureCode).toBeUndefined();
	});
});
