// Proves an uploaded image belongs to the account that uploaded it, by construction: each account
// uploads an image once (by its bytes) into its own project, and a generate call naming an image
// another account uploaded is refused before anything is sent (issue 18).
import {afterEach, describe, expect, it} from 'vitest';
import {AccountUploads} from '../../../source/labs/account/uploads.js';
import type {ImageUpload, UploadedImage} from '../../../source/labs/types.js';
import {caughtFlowError as caught} from '../../helpers/flow-error.js';
import {type SimHarness, startHarness} from '../../helpers/sim.js';
import {type FlowHarness, googleCookiesOf, startFlowHarness} from '../wire/flow/harness.js';

const png = (tag: string): ImageUpload => ({
	bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(tag)]),
	mimeType: 'image/png',
	fileName: `${tag}.png`,
});
const request = {
	prompt: 'the hero again',
	model: 'veo_3_1_r2v_fast_portrait',
	aspect: '9:16' as const,
	copies: 1,
};

let harness: SimHarness | FlowHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

describe('uploads through the account client (labs REST, against the simulator)', () => {
	it('uploads an image once per account, into that account project, and shares it with no other', async () => {
		const sim = await startHarness({
			accounts: [
				{name: 'acc1', cookie: 'cookie-up-1'},
				{name: 'acc2', cookie: 'cookie-up-2'},
			],
		});
		harness = sim;
		const [one, two] = sim.clients as [SimHarness['clients'][0], SimHarness['clients'][0]];
		const projects = [(await one.prepare()).projectId, (await two.prepare()).projectId];
		const [first, again] = await Promise.all([one.upload(png('hero')), one.upload(png('hero'))]);
		const other = await one.upload(png('city'));
		const onTwo = await two.upload(png('hero'));
		expect(again).toEqual(first);
		expect(new Set([first.name, other.name, onTwo.name]).size).toBe(3);
		expect(first.projectId).toBe(projects[0]);
		expect(onTwo.projectId).toBe(projects[1]);
		expect(sim.sim.stats.uploads.map(({account, mediaName}) => [account, mediaName])).toEqual([
			['acc1', first.name],
			['acc1', other.name],
			['acc2', onTwo.name],
		]);
		expect(sim.sim.stats.uploads[0]).toMatchObject({
			projectId: projects[0],
			bytes: 12,
			mimeType: 'image/png',
		});

		const foreign = await caught(two.submit({...request, references: [first.name]}));
		expect(foreign).toMatchObject({kind: 'protocol', code: 'FOREIGN_MEDIA'});
		expect(foreign.message).toBe(`acc2: image ${first.name} was not uploaded through this account`);
		// Its own image passes the ownership check and meets the labs wire's own refusal.
		expect(await caught(two.submit({...request, references: [onTwo.name]}))).toMatchObject({
			code: 'UNSUPPORTED_ON_LABS',
		});
		expect(sim.sim.stats.submits).toEqual([]);
		expect(sim.sim.stats.crossAccountAttempts).toEqual([]);
	});

	it('an image adopted from an earlier session of the run counts as this account own', async () => {
		harness = await startHarness({accounts: [{name: 'acc1', cookie: 'cookie-up-1'}]});
		const client = harness.clients[0]!;
		await client.prepare();
		client.adoptUpload('image-from-the-journal');
		expect(await caught(client.submit({...request, references: ['image-from-the-journal']}))).toMatchObject({
			code: 'UNSUPPORTED_ON_LABS',
		});
	});

	it('flow.google.com: uploading is not built yet, said plainly, and nothing is sent', async () => {
		const flow = await startFlowHarness({
			accounts: [{name: 'acc1', cookie: 'cookie-up-flow', googleCookies: googleCookiesOf('up')}],
		});
		harness = flow;
		const client = flow.clients[0]!;
		await client.prepare();
		const before = flow.sim.stats.requests.length;
		const error = await caught(client.upload(png('hero')));
		expect(error).toMatchObject({kind: 'protocol', code: 'UPLOAD_UNSUPPORTED'});
		expect(error.message).toContain('uploading images on the flow wire is not built yet');
		expect(flow.sim.stats.requests.length).toBe(before);
	});
});

describe('AccountUploads', () => {
	it('forgets a failed upload, so the next scene that needs the image tries again', async () => {
		const uploads = new AccountUploads('acc1');
		let calls = 0;
		const send = async (): Promise<UploadedImage> => {
			calls++;
			if (calls === 1) throw new Error('the network went away');
			return {name: 'img-1', projectId: 'p'};
		};
		await expect(uploads.upload(png('hero'), 'p', send)).rejects.toThrow('the network went away');
		expect(await uploads.upload(png('hero'), 'p', send)).toEqual({name: 'img-1', projectId: 'p'});
		expect(await uploads.upload(png('hero'), 'p', send)).toEqual({name: 'img-1', projectId: 'p'});
		expect(calls).toBe(2);
	});

	it('uploads the same bytes again into another project, and tells images apart by their bytes', async () => {
		const uploads = new AccountUploads('acc1');
		const sent: string[] = [];
		const send = async ({image, projectId}: {image: ImageUpload; projectId: string}) => {
			sent.push(`${projectId}/${image.fileName}`);
			return {name: `img-${sent.length}`, projectId};
		};
		await uploads.upload(png('hero'), 'p1', send);
		await uploads.upload(png('hero'), 'p2', send);
		await uploads.upload({...png('hero'), fileName: 'renamed.png'}, 'p1', send);
		await uploads.upload(png('city'), 'p1', send);
		expect(sent).toEqual(['p1/hero.png', 'p2/hero.png', 'p1/city.png']);
		expect(() => uploads.assertOwned(['img-1', 'img-3'])).not.toThrow();
		expect(() => uploads.assertOwned(undefined)).not.toThrow();
		expect(() => uploads.assertOwned(['img-1', 'img-9'])).toThrow(
			'acc1: image img-9 was not uploaded through this account',
		);
	});
});
