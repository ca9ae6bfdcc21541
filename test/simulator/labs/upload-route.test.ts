// Proves the simulator keeps an uploaded image to the account that uploaded it: an upload into
// another account's project is "not found" and recorded as a cross-account attempt, and a body
// without bytes, project or a known image type is refused.
import {afterEach, describe, expect, it} from 'vitest';
import {LabsTransport} from '../../../source/labs/wire/labs/transport.js';
import {Agent} from '../../../source/labs/wire/undici.js';
import {caughtFlowError as caught} from '../../helpers/flow-error.js';
import {type SimHarness, startHarness} from '../../helpers/sim.js';

let harness: SimHarness | undefined;
let transport: LabsTransport | undefined;
afterEach(async () => {
	await transport?.close();
	await harness?.close();
	transport = undefined;
	harness = undefined;
});

const image = {
	bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47]),
	mimeType: 'image/png' as const,
	fileName: 'x.png',
};

async function setUp() {
	harness = await startHarness({
		accounts: [
			{name: 'acc1', cookie: 'cookie-route-1'},
			{name: 'acc2', cookie: 'cookie-route-2'},
		],
	});
	const [, two] = harness.clients;
	const theirs = (await two!.prepare()).projectId!;
	transport = new LabsTransport({
		sessionCookie: 'cookie-route-1',
		apiUrl: harness.sim.apiUrl,
		labsUrl: harness.sim.labsUrl,
		dispatcher: new Agent(),
		ownsDispatcher: true,
	});
	await transport.authenticate();
	const mine = await transport.createProject('mine');
	return {sim: harness.sim, transport, mine, theirs};
}

describe('the simulator upload route', () => {
	it('takes an image into the caller own project, and refuses another account project as not found', async () => {
		const {sim, transport, mine, theirs} = await setUp();
		const uploaded = await transport.uploadImage({image, projectId: mine});
		expect(uploaded.projectId).toBe(mine);
		expect(sim.stats.uploads).toEqual([
			{account: 'acc1', projectId: mine, mediaName: uploaded.name, bytes: 4, mimeType: 'image/png'},
		]);
		expect(await caught(transport.uploadImage({image, projectId: theirs}))).toMatchObject({
			kind: 'not-found',
		});
		expect(sim.stats.crossAccountAttempts.map((record) => record.path)).toEqual(['/v1/flow/uploadImage']);
		expect(sim.stats.uploads).toHaveLength(1);
	});

	it.each([
		['no bytes', {image: {...image, bytes: new Uint8Array()}}],
		['a GIF', {image: {...image, mimeType: 'image/gif' as 'image/png'}}],
	])('refuses an upload with %s as a bad request', async (_name, change) => {
		const {sim, transport, mine} = await setUp();
		const error = await caught(transport.uploadImage({projectId: mine, ...change}));
		expect(error.kind).toBe('protocol');
		expect(sim.stats.uploads).toEqual([]);
	});
});
