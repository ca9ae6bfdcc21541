/**
 * Issue 18's end-to-end test: the built CLI on three accounts with every mode mixed (two scenes
 * sharing one reference image, an extend chain of three, start and end frames, one upscale). Every
 * file is byte-exact; each image is uploaded at most once per account; no request names an id of
 * another account; the chain stays on one account; and after kill -9 mid-run and resume, nothing
 * journaled is uploaded again and no acknowledged scene is submitted again.
 */
import {createHash} from 'node:crypto';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import type {RunEvent} from '../../source/core/events.js';
import type {Simulator} from '../../source/simulator/index.js';
import {checkInvariants, cliWorkspace, expectNoViolations, stateFromJournal} from '../chaos/helpers.js';
import {type CliResult, startCli} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';

const workspace = perTestWorkspace();

const accounts = [
	{name: 'acc1', cookie: 'modes-cookie-one-1d2e'},
	{name: 'acc2', cookie: 'modes-cookie-two-8a7b'},
	{name: 'acc3', cookie: 'modes-cookie-three-c4f0'},
];

/** A PNG signature and bytes of its own: the simulator takes any image bytes. */
const png = (seed: string) =>
	Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(seed)]);
const images = {'hero.png': png('the hero'), 'dawn.png': png('dawn'), 'night.png': png('night')};
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const scenes = [
	'prompt,refs,image,end_image,extend,upscale',
	'The hero walks into the market,hero.png,,,,',
	'The hero looks up at the lanterns,hero.png,,,,',
	'Dawn turns to night over the bay,,dawn.png,night.png,,',
	'A paper boat in a gutter,,,,,',
	'The boat reaches a river,,,,4,',
	'The river carries it out to sea,,,,5,',
	'A lighthouse at dusk,,,,,1080p',
	'A fox in the snow,,,,,',
].join('\n');

async function setup() {
	const {sim, dir} = await workspace.start(
		{accounts, generationMs: {min: 80, max: 250}, videoBytes: 64 * 1024, seed: 18},
		'flowdeck-e2e-modes-',
	);
	const ws = await cliWorkspace(sim, accounts, [], dir);
	for (const [name, bytes] of Object.entries(images)) await writeFile(join(dir, name), bytes);
	const scenesFile = join(dir, 'scenes.csv');
	await writeFile(scenesFile, `${scenes}\n`);
	return {sim, ws, scenesFile};
}

/** Runs a CLI session; with `killAfter`, kill -9 once a line satisfies it. */
function session(
	args: string[],
	env: NodeJS.ProcessEnv,
	killAfter?: (line: string) => boolean,
): Promise<CliResult> {
	let killed = false;
	return startCli(args, {
		env,
		onLine(line, child) {
			if (!killed && killAfter?.(line)) {
				killed = true;
				child.kill('SIGKILL');
			}
		},
	}).result;
}

/** The checks every finished modes run must pass. */
async function checkRun(sim: Simulator, out: string, sessions: number): Promise<RunEvent[]> {
	const {state, events} = await stateFromJournal(out);
	expect(state.scenes.map((scene) => [scene.index, scene.state, scene.error])).toEqual(
		state.scenes.map((scene) => [scene.index, 'done', undefined]),
	);
	// A submit cut off by a kill is in doubt and sent again only when asked: one more attempt.
	const report = await checkInvariants({
		state,
		events,
		sim,
		outDir: out,
		allowedSubmits: (prompt) => state.scenes.find((scene) => scene.prompt === prompt)?.attempt ?? 1,
	});
	expectNoViolations(report, 'modes run');

	// Requests about media or images went to the account that owns them, and to no other.
	expect(sim.stats.crossAccountAttempts).toEqual([]);
	// (A signed CDN URL carries no credentials: only requests made as an account are checked.)
	for (const request of sim.stats.requests.filter((r) => r.account !== undefined)) {
		for (const name of request.mediaNames) expect(sim.ownerOf(name), request.path).toBe(request.account);
	}

	// Each image at most once per account and session: nothing the journal recorded was sent again.
	const journaled = events.filter((event) => event.type === 'image.upload');
	const perPair = new Map<string, number>();
	for (const upload of journaled) {
		const key = `${upload.account} ${upload.sha256}`;
		perPair.set(key, (perPair.get(key) ?? 0) + 1);
		expect(upload.sha256).toBe(sha(images[upload.file as keyof typeof images]));
	}
	for (const [pair, count] of perPair) expect(count, pair).toBe(1);
	const sent = new Map<string, number>();
	for (const upload of sim.stats.uploads) sent.set(upload.account, (sent.get(upload.account) ?? 0) + 1);
	for (const [account, count] of sent) {
		const recorded = journaled.filter((upload) => upload.account === account).length;
		// An upload cut off by a kill before it was journaled may go once more (docs/design.md §3).
		expect(count, account).toBeLessThanOrEqual(recorded + (sessions - 1));
	}

	// The two scenes sharing the hero each named the hero uploaded to their own account.
	for (const index of [1, 2]) {
		const scene = state.scenes[index - 1]!;
		const hero = journaled.find((upload) => upload.account === scene.account && upload.file === 'hero.png');
		// The submit that made the scene's saved take (an in-doubt scene may have been sent twice).
		const take = scene.media[0]?.name ?? '';
		const submit = sim.stats.submits.find((call) => call.mediaNames.includes(take));
		expect(submit?.imageIds).toEqual([hero?.name]);
	}

	// The extend chain stayed on one account.
	const chain = [4, 5, 6].map((index) => state.scenes[index - 1]!.account);
	expect(new Set(chain).size).toBe(1);

	// The upscale was saved beside its clip; the manifest says how each scene was made.
	const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as {
		scenes: Array<{mode: string; inputs: Record<string, unknown> | null; files: string[]}>;
	};
	expect(manifest.scenes[6]!.files).toEqual([
		'007-a-lighthouse-at-dusk-1.mp4',
		'007-a-lighthouse-at-dusk-1-1080p.mp4',
	]);
	expect(manifest.scenes.map((scene) => scene.mode)).toEqual([
		'references',
		'references',
		'frames',
		'text',
		'extend',
		'extend',
		'text',
		'text',
	]);
	expect(manifest.scenes[2]!.inputs).toEqual({image: 'dawn.png', end_image: 'night.png'});
	return events;
}

describe('every mode through the built CLI on three accounts', () => {
	it('makes them all, each id through its own account', {timeout: 120_000}, async () => {
		const {sim, ws, scenesFile} = await setup();
		const result = await session(['run', scenesFile, ...ws.runFlags, '--json'], ws.env);
		expect(result.code, result.stderr).toBe(0);
		await checkRun(sim, ws.out, 1);
		// The first pass spreads scenes round robin: the two scenes of the hero land on two accounts,
		// and each uploads the hero to its own.
		const {state} = await stateFromJournal(ws.out);
		expect(state.scenes[0]!.account).not.toBe(state.scenes[1]!.account);
		const heroUploads = sim.stats.uploads.filter((upload) => upload.bytes === images['hero.png'].length);
		expect(new Set(heroUploads.map((upload) => upload.account))).toEqual(
			new Set([state.scenes[0]!.account, state.scenes[1]!.account]),
		);
	});

	for (const [label, killAfter] of [
		['once the first submit is acknowledged', (line: string) => line.includes('"state":"polling"')],
		['once the first clip is saved', (line: string) => line.includes('"state":"done"')],
	] as const) {
		it(`kill -9 ${label}, then resume: nothing done or paid for again`, {timeout: 120_000}, async () => {
			const {sim, ws, scenesFile} = await setup();
			const first = await session(['run', scenesFile, ...ws.runFlags, '--json'], ws.env, killAfter);
			expect(first.signal).toBe('SIGKILL');
			const acknowledged = new Set(
				(await stateFromJournal(ws.out)).events.flatMap((event) =>
					event.type === 'scene.state' && event.media !== undefined ? [event.scene] : [],
				),
			);
			const resumed = await session(['resume', ws.out, ...ws.resumeFlags, '--json'], ws.env);
			let sessions = 2;
			if (resumed.code === 1) {
				// A submit cut off by the kill is in doubt: resubmitted only on request.
				const again = await session(
					['resume', ws.out, ...ws.resumeFlags, '--resubmit-in-doubt', '--json'],
					ws.env,
				);
				const why = (await stateFromJournal(ws.out)).state.scenes
					.filter((scene) => scene.state !== 'done')
					.map((scene) => `${scene.index} ${scene.state}: ${scene.error}`);
				expect(again.code, `${again.stderr}${why.join('\n')}`).toBe(0);
				sessions++;
			} else {
				expect(resumed.code, resumed.stderr).toBe(0);
			}
			const events = await checkRun(sim, ws.out, sessions);
			// No scene whose submit was acknowledged before the kill was submitted again.
			for (const index of acknowledged) {
				const attempts = events.filter(
					(event) => event.type === 'scene.state' && event.scene === index && event.state === 'submitting',
				);
				expect(attempts, `scene ${index}`).toHaveLength(1);
			}
		});
	}
});
