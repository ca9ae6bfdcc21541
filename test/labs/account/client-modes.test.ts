// Proves the account client names only its own ids in a generate or upscale call (frames, references,
// the clip it extends, the clip it upscales), refusing any other before a captcha is minted or a call
// is made; that an upload from the journal is reused, not sent again; and that a wire without an
// upscale says so (issue 18; docs/design.md §3).
import {createHash} from 'node:crypto';
import {afterEach, describe, expect, it} from 'vitest';
import type {AccountClient} from '../../../source/labs/account-client.js';
import type {ImageUpload} from '../../../source/labs/types.js';
import {caughtFlowError as caught} from '../../helpers/flow-error.js';
import {fakeClient, textRequest as request} from './fake-transport.js';

const png = (tag: string): ImageUpload => ({
	bytes: Buffer.from(`\x89PNG-${tag}`),
	mimeType: 'image/png',
	fileName: `${tag}.png`,
});
const sha256 = (image: ImageUpload) => createHash('sha256').update(image.bytes).digest('hex');

const clients: AccountClient[] = [];
async function prepared(name: string, projectId: string, options: Parameters<typeof fakeClient>[2] = {}) {
	const made = await fakeClient(name, projectId, options);
	clients.push(made.client);
	return made;
}
afterEach(async () => {
	await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('frames, references and extend: only this account ids, checked before anything is sent', () => {
	it.each([
		['start frame', {startImage: 'image-of-acc2'}],
		['end frame', {startImage: 'own', endImage: 'image-of-acc2'}],
		['reference', {references: ['own', 'image-of-acc2']}],
	])('refuses a foreign %s with FOREIGN_MEDIA: no captcha, no call', async (_, images) => {
		const {client, calls} = await prepared('acc1', 'p1');
		client.adoptUpload({name: 'own', projectId: 'p1', sha256: sha256(png('journal'))});
		const error = await caught(client.submit({...request, ...images}));
		expect(error).toMatchObject({kind: 'protocol', code: 'FOREIGN_MEDIA'});
		expect(error.message).toBe('acc1: image image-of-acc2 was not uploaded through this account');
		expect(calls.captcha).toEqual([]);
		expect(calls.generate).toEqual([]);
	});

	it('refuses to extend a clip of a project this account never used, before any captcha', async () => {
		const {client, calls} = await prepared('acc1', 'p1');
		const error = await caught(client.submit({...request, extend: {name: 'clip-of-acc2', projectId: 'p2'}}));
		expect(error).toMatchObject({kind: 'not-found', code: 'FOREIGN_MEDIA'});
		expect(error.message).toContain('acc1: media clip-of-acc2 is not in a project of this account');
		expect(calls.captcha).toEqual([]);
		expect(calls.generate).toEqual([]);
	});

	it('sends its own frames, references and clip as given, with one captcha each call', async () => {
		const {client, calls} = await prepared('acc1', 'p1');
		const start = await client.upload(png('start'));
		const end = await client.upload(png('end'));
		const [clip] = (await client.submit(request)).media;
		await client.submit({...request, startImage: start.name, endImage: end.name});
		await client.submit({...request, references: [start.name, end.name]});
		await client.submit({...request, extend: clip!});
		expect(calls.generate.map((call) => call.request)).toMatchObject([
			{},
			{startImage: 'image-1', endImage: 'image-2'},
			{references: ['image-1', 'image-2']},
			{extend: {name: 'video-1', projectId: 'p1'}},
		]);
		expect(calls.captcha).toHaveLength(4);
	});
});

describe('extend: the clip own project', () => {
	it('continues a clip of an older project of this account in that project, with its captcha', async () => {
		const {client, calls} = await prepared('acc1', 'p1');
		client.rememberProject('p0');
		await client.submit({...request, extend: {name: 'clip-from-p0', projectId: 'p0'}});
		expect(calls.generate.map((call) => call.projectId)).toEqual(['p0']);
		// A text scene still goes to the project new media go to.
		await client.submit(request);
		expect(calls.generate.map((call) => call.projectId)).toEqual(['p0', 'p1']);
	});
});

describe('adoptUpload: an upload from the journal', () => {
	it('is this account own, and the same bytes in that project are not sent again', async () => {
		const {client, calls} = await prepared('acc1', 'p1');
		const hero = png('hero');
		// A hash is a hash in either case.
		client.adoptUpload({name: 'image-from-the-journal', projectId: 'p1', sha256: sha256(hero).toUpperCase()});
		expect(await client.upload(hero)).toEqual({name: 'image-from-the-journal', projectId: 'p1'});
		expect(calls.upload).toEqual([]);
		await client.submit({...request, startImage: 'image-from-the-journal'});
		expect(calls.generate).toHaveLength(1);
		// Other bytes are uploaded as usual.
		expect(await client.upload(png('city'))).toEqual({name: 'image-1', projectId: 'p1'});
		expect(calls.upload).toHaveLength(1);
	});

	it('seeds only its own project: the same bytes in another project are uploaded there', async () => {
		const {client, calls} = await prepared('acc1', 'p1');
		const hero = png('hero');
		client.adoptUpload({name: 'image-in-p0', projectId: 'p0', sha256: sha256(hero)});
		expect(await client.upload(hero)).toEqual({name: 'image-1', projectId: 'p1'});
		expect(calls.upload).toHaveLength(1);
	});
});

describe('upscale', () => {
	it('asks with a captcha of its own and the upsampler key, and may then poll the copy', async () => {
		const {client, calls} = await prepared('acc1', 'p1', {tier: 'PAYGATE_TIER_TWO'});
		const [clip] = (await client.submit(request)).media;
		const copy = await client.upscale(clip!, '4k', '9:16');
		expect(copy).toEqual({name: 'video-1_upsampled', projectId: 'p1-copies'});
		expect(calls.upscale).toEqual([
			{
				request: {media: clip, resolution: '4k', model: 'veo_3_1_upsampler_4k', aspect: '9:16'},
				projectId: 'p1',
				tier: 'PAYGATE_TIER_TWO',
				captchaToken: 'token-2',
			},
		]);
		// The copy's project is now this account's: polling it is not refused.
		expect((await client.status([copy])).media[0]?.state).toBe('active');
	});

	it('leaves the aspect out when none is given (the wire decides what that means)', async () => {
		const {client, calls} = await prepared('acc1', 'p1');
		const [clip] = (await client.submit(request)).media;
		await client.upscale(clip!, '1080p');
		expect(calls.upscale[0]?.request).toEqual({
			media: clip,
			resolution: '1080p',
			model: 'veo_3_1_upsampler_1080p',
		});
	});

	it('refuses a clip of another account before any captcha', async () => {
		const {client, calls} = await prepared('acc1', 'p1');
		const error = await caught(client.upscale({name: 'clip-of-acc2', projectId: 'p2'}, '1080p'));
		expect(error).toMatchObject({kind: 'not-found', code: 'FOREIGN_MEDIA'});
		expect(calls.captcha).toEqual([]);
		expect(calls.upscale).toEqual([]);
	});

	it('on a wire that cannot upscale: UPSCALE_UNSUPPORTED, said plainly, and no captcha spent', async () => {
		const {client, calls} = await prepared('acc1', 'p1', {noUpscale: true});
		const [clip] = (await client.submit(request)).media;
		const before = calls.captcha.length;
		const error = await caught(client.upscale(clip!, '1080p', '16:9'));
		expect(error).toMatchObject({kind: 'protocol', code: 'UPSCALE_UNSUPPORTED'});
		expect(error.message).toBe('acc1: upscaling on the labs wire is not built yet');
		expect(calls.captcha).toHaveLength(before);
	});
});

describe('what the wire can do', () => {
	it('labs REST uploads, extends and upscales; flow.google.com uploads only, so far', async () => {
		const {client: labs} = await prepared('acc1', 'p1', {kind: 'labs'});
		const {client: flow} = await prepared('acc2', 'p2', {kind: 'flow'});
		const abilities = ['upload', 'extend', 'upscale'] as const;
		expect(abilities.map((ability) => labs.supports(ability))).toEqual([true, true, true]);
		expect(abilities.map((ability) => flow.supports(ability))).toEqual([true, false, false]);
	});
});
