import {afterEach, describe, expect, it} from 'vitest';
import {
	type CaptchaProvider,
	type CaptchaRequest,
	commandCaptchaProvider,
} from '../../../source/labs/captcha/providers.js';
import {type FlowHarness, googleCookiesOf, startFlowHarness} from '../wire/flow/harness.js';

let harness: FlowHarness | undefined;
afterEach(async () => {
	await harness?.close();
	harness = undefined;
});

const generate = {prompt: 'a paper boat', model: 'veo_3_1_t2v_fast', aspect: '16:9' as const, copies: 1};

/** Records what the client asks for (warm and mint), minting with the simulator. */
function recording(mint: (account: string) => string) {
	const warmed: CaptchaRequest[] = [];
	const minted: CaptchaRequest[] = [];
	const provider: CaptchaProvider = {
		label: 'recording',
		warm: (request) => warmed.push(request),
		mint: async (request) => {
			minted.push(request);
			return mint(request.account);
		},
	};
	return {provider, warmed, minted};
}

describe('what a captcha provider is asked for', () => {
	it('the page URL and site come from the transport: labs project page, flow project page, auto after it chose', async () => {
		let sim: FlowHarness['sim'] | undefined;
		const rec = recording((account) => sim!.mintCaptchaToken(account));
		harness = await startFlowHarness(
			{
				accounts: [
					{name: 'lab1', cookie: 'labs-one'},
					{name: 'flo1', cookie: 'labs-two', googleCookies: googleCookiesOf('two'), migrated: true},
					{name: 'aut1', cookie: 'labs-three', googleCookies: googleCookiesOf('three'), migrated: true},
				],
				generationMs: 30,
			},
			[
				{name: 'lab1', cookie: 'labs-one', transport: 'labs'},
				{name: 'flo1', googleCookies: googleCookiesOf('two'), transport: 'flow'},
				{name: 'aut1', cookie: 'labs-three', googleCookies: googleCookiesOf('three'), transport: 'auto'},
			],
			{captcha: rec.provider},
		);
		sim = harness.sim;
		const {labsUrl, flowUrl} = harness.sim;
		for (const client of harness.clients) {
			const {projectId} = await client.prepare();
			await client.submit(generate);
			const expected: CaptchaRequest = {
				account: client.name,
				projectId: projectId!,
				action: 'VIDEO_GENERATION',
				pageUrl:
					client.name === 'lab1'
						? `${labsUrl}/fx/tools/flow/project/${projectId}`
						: `${flowUrl}/project/${projectId}`,
				transport: client.name === 'lab1' ? 'labs' : 'flow',
			};
			// prepare() lets the provider get that page ready; submit() asks for the token.
			expect(rec.warmed.at(-1)).toEqual(expected);
			expect(rec.minted.at(-1)).toEqual(expected);
		}
		expect(rec.minted).toHaveLength(3);
	});

	it('an upload mints an UPLOAD_IMAGE token on flow (auto once it chose flow) and none on labs', async () => {
		let sim: FlowHarness['sim'] | undefined;
		const rec = recording((account) => sim!.mintCaptchaToken(account));
		harness = await startFlowHarness(
			{
				accounts: [
					{name: 'lab1', cookie: 'labs-one'},
					{name: 'flo1', cookie: 'labs-two', googleCookies: googleCookiesOf('two'), migrated: true},
					{name: 'aut1', cookie: 'labs-three', googleCookies: googleCookiesOf('three'), migrated: true},
				],
			},
			[
				{name: 'lab1', cookie: 'labs-one', transport: 'labs'},
				{name: 'flo1', googleCookies: googleCookiesOf('two'), transport: 'flow'},
				{name: 'aut1', cookie: 'labs-three', googleCookies: googleCookiesOf('three'), transport: 'auto'},
			],
			{captcha: rec.provider},
		);
		sim = harness.sim;
		const image = {bytes: Buffer.from('\x89PNG-boat'), mimeType: 'image/png' as const, fileName: 'boat.png'};
		const projects = new Map<string, string>();
		for (const client of harness.clients) {
			projects.set(client.name, (await client.prepare()).projectId!);
			await client.upload(image);
		}
		expect(rec.minted).toEqual(
			['flo1', 'aut1'].map((account) => ({
				account,
				projectId: projects.get(account),
				action: 'UPLOAD_IMAGE',
				pageUrl: `${harness!.sim.flowUrl}/project/${projects.get(account)}`,
				transport: 'flow',
			})),
		);
		// Every token went out with its upload, and labs REST got none.
		expect(harness.sim.stats.uploads.map((u) => [u.account, u.captchaToken !== undefined])).toEqual([
			['lab1', false],
			['flo1', true],
			['aut1', true],
		]);
	});

	it('the captcha command gets the page URL as FLOWDECK_CAPTCHA_PAGE_URL', async () => {
		const command = commandCaptchaProvider(
			'printf "%s|%s|%s|%s\\n" "$FLOWDECK_ACCOUNT" "$FLOWDECK_PROJECT_ID" "$FLOWDECK_CAPTCHA_ACTION" "$FLOWDECK_CAPTCHA_PAGE_URL"',
			// flowdeck's own environment never supplies a page URL of its own.
			{env: {...process.env, FLOWDECK_CAPTCHA_PAGE_URL: 'https://stale.example/'}},
		);
		const page = 'https://flow.google.com/project/p1';
		expect(
			await command.mint({
				account: 'acc1',
				projectId: 'p1',
				action: 'VIDEO_GENERATION',
				pageUrl: page,
				transport: 'flow',
			}),
		).toBe(`acc1|p1|VIDEO_GENERATION|${page}`);
		expect(await command.mint({account: 'acc1', projectId: 'p1', action: 'VIDEO_GENERATION'})).toBe(
			'acc1|p1|VIDEO_GENERATION|',
		);
	});
});
