// Proves an uploaded image belongs to the account that uploaded it, by construction: each account
// uploads an image once (by its bytes) into its own project, and a generate call naming an image
// another account uploaded is refused before anything is sent (issue 18).
import {createHash} from 'node:crypto';
import {afterEach, describe, expect, it} from 'vitest';
import {AccountUploads} from '../../../source/labs/account/uploads.js';
import {functionCaptchaProvider} from '../../../source/labs/captcha/providers.js';
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
		expect(sim.sim.stats.submits).toEqual([]);
		expect(sim.sim.stats.crossAccountAttempts).toEqual([]);
	});

	it('an image adopted from an earlier session of the run is not uploaded again', async () => {
		const sim = await startHarness({accounts: [{name: 'acc1', cookie: 'cookie-up-1'}]});
		harness = sim;
		const client = sim.clients[0]!;
		const projectId = (await client.prepare()).projectId!;
		const hero = png('hero');
		const sha256 = createHash('sha256').update(hero.bytes).digest('hex');
		client.adoptUpload({name: 'image-from-the-journal', projectId, sha256});
		expect(await client.upload(hero)).toEqual({name: 'image-from-the-journal', projectId});
		expect(sim.sim.stats.uploads).toEqual([]);
	});

	it('flow.google.com: maseQ with an UPLOAD_IMAGE token of its own, then frames by eb1hJf and nprQif', async () => {
		const actions: string[] = [];
		const flow: FlowHarness = await startFlowHarness(
			{accounts: [{name: 'acc1', cookie: 'cookie-up-flow', googleCookies: googleCookiesOf('up')}]},
			undefined,
			{
				captcha: functionCaptchaProvider('recording', ({account, action}) => {
					actions.push(action);
					return flow.sim.mintCaptchaToken(account);
				}),
			},
		);
		harness = flow;
		const client = flow.clients[0]!;
		const projectId = (await client.prepare()).projectId!;
		const start = await client.upload(png('start'));
		const end = await client.upload(png('end'));
		expect(actions).toEqual(['UPLOAD_IMAGE', 'UPLOAD_IMAGE']);
		expect(flow.sim.stats.uploads.map((u) => ({...u, captchaToken: Boolean(u.captchaToken)}))).toEqual([
			{
				account: 'acc1',
				projectId,
				mediaName: start.name,
				bytes: 13,
				mimeType: 'image/png',
				captchaToken: true,
			},
			{account: 'acc1', projectId, mediaName: end.name, bytes: 11, mimeType: 'image/png', captchaToken: true},
		]);
		const frames = {prompt: 'the hero turns', aspect: '16:9' as const, copies: 1};
		await client.submit({...frames, model: 'veo_3_1_i2v_s_fast', startImage: start.name});
		await client.submit({
			...frames,
			model: 'veo_3_1_i2v_s_fast_fl',
			startImage: start.name,
			endImage: end.name,
		});
		expect(actions.slice(2)).toEqual(['VIDEO_GENERATION', 'VIDEO_GENERATION']);
		expect(flow.sim.stats.submits.map(({mode, imageIds}) => ({mode, imageIds}))).toEqual([
			{mode: 'frames', imageIds: [start.name]},
			{mode: 'frames', imageIds: [start.name, end.name]},
		]);
		expect(flow.sim.stats.crossAccountAttempts).toEqual([]);
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

	it('keeps an image adopted from the journal while an upload of the same bytes fails', async () => {
		const uploads = new AccountUploads('acc1');
		let fail: (error: Error) => void = () => {};
		const failing = () => new Promise<UploadedImage>((_, reject) => (fail = reject));
		const inFlight = uploads.upload(png('hero'), 'p', failing);
		const sha256 = createHash('sha256').update(png('hero').bytes).digest('hex');
		uploads.adopt({name: 'img-journal', projectId: 'p', sha256});
		fail(new Error('the network went away'));
		await expect(inFlight).rejects.toThrow('the network went away');
		const again = await uploads.upload(png('hero'), 'p', async () => ({name: 'img-new', projectId: 'p'}));
		expect(again).toEqual({name: 'img-journal', projectId: 'p'});
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
