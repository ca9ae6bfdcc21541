// Proves the account client mints a captcha token for an upload exactly when its wire asks for one
// (flow.google.com's maseQ: UPLOAD_IMAGE, docs/protocol-flow.md §4), hands that token to that upload
// alone, and mints none on labs REST (docs/protocol-labs.md §3.5) or for an image already uploaded.
import {afterEach, describe, expect, it} from 'vitest';
import {AccountClient} from '../../../source/labs/account-client.js';
import {functionCaptchaProvider} from '../../../source/labs/captcha/providers.js';
import type {ImageUpload} from '../../../source/labs/types.js';
import {caughtFlowError as caught} from '../../helpers/flow-error.js';
import {fakeClient, fakeTransport} from './fake-transport.js';

const png = (tag: string): ImageUpload => ({
	bytes: Buffer.from(`\x89PNG-${tag}`),
	mimeType: 'image/png',
	fileName: `${tag}.png`,
});

const clients: AccountClient[] = [];
afterEach(async () => {
	await Promise.all(clients.splice(0).map((client) => client.close()));
});

async function prepared(options: Parameters<typeof fakeClient>[2]) {
	const made = await fakeClient('acc1', 'p1', options);
	clients.push(made.client);
	return made;
}

describe('AccountClient.upload and the captcha', () => {
	it('on a wire that asks (flow): one UPLOAD_IMAGE token per upload, carried by that upload', async () => {
		const {client, calls} = await prepared({kind: 'flow', uploadCaptchaAction: 'UPLOAD_IMAGE'});
		await client.upload(png('start'));
		await client.upload(png('end'));
		expect(calls.captchaActions).toEqual(['UPLOAD_IMAGE', 'UPLOAD_IMAGE']);
		expect(calls.upload.map((call) => [call.image.fileName, call.projectId, call.captchaToken])).toEqual([
			['start.png', 'p1', 'token-1'],
			['end.png', 'p1', 'token-2'],
		]);
		// The same bytes again: answered from memory, no token spent.
		await client.upload(png('start'));
		expect(calls.captchaActions).toHaveLength(2);
		// A generate call still mints for its own action.
		await client.submit({
			prompt: 'p',
			model: 'veo_3_1_i2v_s_fast',
			aspect: '16:9',
			copies: 1,
			startImage: 'image-1',
		});
		expect(calls.captchaActions).toEqual(['UPLOAD_IMAGE', 'UPLOAD_IMAGE', 'VIDEO_GENERATION']);
	});

	it('on a wire that does not ask (labs REST): no token minted, none sent', async () => {
		const {client, calls} = await prepared({});
		expect(await client.upload(png('hero'))).toEqual({name: 'image-1', projectId: 'p1'});
		expect(calls.captchaActions).toEqual([]);
		expect(calls.upload).toEqual([{image: png('hero'), projectId: 'p1'}]);
		expect('captchaToken' in calls.upload[0]!).toBe(false);
	});

	it('a token that cannot be minted sends nothing, and the next try mints again', async () => {
		const {transport, calls} = fakeTransport('p1', {kind: 'flow', uploadCaptchaAction: 'UPLOAD_IMAGE'});
		let mints = 0;
		const captcha = functionCaptchaProvider('test', () => {
			mints++;
			if (mints === 1) throw new Error('the captcha page is gone');
			return `token-${mints}`;
		});
		const client = new AccountClient({name: 'acc1', transport, captcha});
		clients.push(client);
		await client.prepare();
		const error = await caught(client.upload(png('hero')));
		expect(error.message).toMatch(/^acc1: /);
		expect(calls.upload).toEqual([]);
		expect(await client.upload(png('hero'))).toEqual({name: 'image-1', projectId: 'p1'});
		expect(calls.upload[0]?.captchaToken).toBe('token-2');
	});
});
