/**
 * `flowdeck demo`: the whole product against the built-in simulator, no account needed. Three
 * simulated accounts, eighteen scenes (one of each mode beyond text), a fast clock, and the trouble a real run meets: a scene the
 * safety filter refuses, a server error that a retry gets past, an account at its concurrency cap
 * (429, cool-down), an access token that expires mid-run.
 */
import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {AccountConfig} from '../config/accounts-file.js';
import {Journal, journalDirName, readJournal, replay} from '../core/journal/index.js';
import {hasRun, readRunFile} from '../core/run-file.js';
import {initialRunState, type SceneView} from '../core/run-state.js';
import {functionCaptchaProvider} from '../labs/index.js';
import type {Io} from '../run/io.js';
import {type RunFlags, type RunOptions, resolveRunOptions} from '../run/options.js';
import {UsageError} from '../run/usage-error.js';
import {type SimulatorOptions, startSimulator} from '../simulator/index.js';
import {setAsideEarlierDemo} from './demo-aside.js';
import {writeDemoImages} from './demo-images.js';
import {demoMarkerPath, isDemoRun} from './demo-marker.js';
import {resumeCommand, runCommand} from './run.js';

const demoOutDir = './flowdeck-demo';

/** The simulator's own markers are left in the prompts: they say why those scenes behave as they do. */
const demoPrompts = [
	'A lighthouse on a basalt cliff at dusk, waves exploding below, slow aerial orbit',
	'Macro shot of dew sliding down a spider web at sunrise, shallow depth of field',
	'Phố cổ Hội An về đêm, đèn lồng lung linh phản chiếu trên sông Thu Bồn',
	'A red fox trotting through fresh snow in a birch forest, tracking shot',
	'Timelapse of storm clouds rolling over a wheat field, lightning on the horizon',
	'A paper boat in a rain gutter; the server answers 503 the first time [flaky]',
	'An astronaut tending tomato plants in a greenhouse on Mars, warm morning light',
	'Cận cảnh bát phở bò bốc khói trên bàn gỗ, buổi sáng Hà Nội, ánh nắng xiên qua cửa sổ',
	'A scene the safety filter refuses, to show a policy failure [policy]',
	'Hot-air balloons rising over Cappadocia at first light, drone shot',
	'A vintage tram climbing a hill in Lisbon, golden hour, 35mm film look',
	'A tiny robot repairing a pocket watch, macro, workshop bokeh',
];

/**
 * One scene of each mode beyond text, on the images shipped with the demo (demo-images.ts): the same
 * keeper in two scenes (references, likely on two accounts), dawn to night (start and end frames), a
 * clip and its continuation (extend, kept on one account), and an upscale saved beside its clip.
 */
const demoModeScenes: Array<Record<string, unknown>> = [
	{prompt: 'The lighthouse keeper climbs the spiral stairs, lantern in hand', refs: ['keeper.png']},
	{prompt: 'The lighthouse keeper lights the great lamp at nightfall', refs: ['keeper.png']},
	{
		prompt: 'Dusk falls over the harbour, boats rocking at their moorings',
		image: 'dawn.png',
		end_image: 'night.png',
	},
	{prompt: "The keeper's paper boat drifts out of the harbour"},
	{prompt: 'The paper boat rides the swell into the open sea', extend: 16},
	{prompt: 'The lighthouse at dusk, slow orbit, upscaled to 1080p', upscale: '1080p'},
];

/** The demo's scene file: JSON Lines, so the mode scenes can say what they are made from. */
const demoSceneLines = (): string =>
	[...demoPrompts.map((prompt) => ({prompt})), ...demoModeScenes]
		.map((scene) => JSON.stringify(scene))
		.join('\n');

// A mixed cohort, as real users have since September 2026: demo1 and demo3 were moved to
// flow.google.com (flowdeck detects it and speaks batchexecute with their Google cookies), demo2 is
// still on labs.google.
const simulatedAccounts = [
	{
		name: 'demo1',
		cookie: 'demo-session-1',
		googleCookies: 'SAPISID=demo-1; __Secure-1PSID=demo-1; OSID=demo-1',
		migrated: true,
	},
	// Flow caps media in flight per account; this one's cap is below what flowdeck asks (2), so it
	// meets a 429 and cools down, as real accounts do.
	{name: 'demo2', cookie: 'demo-session-2', maxInFlight: 1},
	{
		name: 'demo3',
		cookie: 'demo-session-3',
		googleCookies: 'SAPISID=demo-3; __Secure-1PSID=demo-3; OSID=demo-3',
		migrated: true,
	},
];

const simulatorOptions: SimulatorOptions = {
	accounts: simulatedAccounts,
	generationMs: {min: 6000, max: 12_000},
	// Shorter than the run: each account's token expires mid-run and is refreshed after a 401.
	tokenLifetimeMs: 8000,
};

const demoAccounts: AccountConfig[] = simulatedAccounts.map(({name, cookie, googleCookies}) => ({
	name,
	cookie,
	googleCookies,
	transport: 'auto',
}));

/**
 * Demo pace unless the flags say otherwise: polls every second, submits 0.3 s apart, two videos in
 * flight per account (so the run lasts long enough to try the keys).
 */
export function demoOptions(flags: RunFlags, interactive: boolean, term?: string): RunOptions {
	if (flags.accounts !== undefined || flags.captchaCommand !== undefined) {
		throw new UsageError(
			'the demo brings its own simulated accounts: --accounts and --captcha-command do not apply',
		);
	}
	return resolveRunOptions(
		{
			...flags,
			out: flags.out ?? demoOutDir,
			pollInterval: flags.pollInterval ?? '1',
			submitGap: flags.submitGap ?? '0.3',
			maxInFlight: flags.maxInFlight ?? '2',
			yes: true,
		},
		{interactive, term},
	);
}

export async function demoCommand(options: RunOptions, io: Io): Promise<number> {
	const outDir = options.outDir;
	if (await hasRun(outDir)) {
		// An earlier demo is set aside (its videos stay); anything else is refused as `run` would.
		if (!(await isDemoRun(outDir)) && !options.newRun) {
			throw new UsageError(`${outDir} holds a run that is not a demo: pick another --out, or pass --new-run`);
		}
		await setAsideEarlierDemo(outDir);
	}
	await mkdir(join(outDir, journalDirName), {recursive: true});
	await writeFile(
		demoMarkerPath(outDir),
		`${JSON.stringify({demo: true, note: 'written by flowdeck demo; resume starts a fresh simulator'})}\n`,
	);
	const sceneFile = join(outDir, 'demo-scenes.jsonl');
	await writeDemoImages(outDir);
	await writeFile(sceneFile, `${demoSceneLines()}\n`);
	return withSimulator(io, (demoIo) =>
		runCommand(sceneFile, {...options, newRun: false}, demoIo, {accounts: demoAccounts, simulated: true}),
	);
}

/**
 * `flowdeck resume <demo folder>`. The simulator lived in the demo's process, and its videos died
 * with it: a new one has never heard of them. Scenes the old one had accepted (generating or
 * downloading) or may have accepted (in doubt) are journaled back to the queue as new attempts, with
 * the reason, and generated again; on a real account flowdeck never does this without being told.
 */
export async function resumeDemo(outDir: string, options: RunOptions, io: Io): Promise<number> {
	const lost = await requeueLostWork(outDir);
	if (lost.length > 0 && options.output !== 'json') {
		io.stderr.write(
			`demo: scene${lost.length === 1 ? '' : 's'} ${lost.join(', ')} lived in the earlier demo's simulator, which ended with it; generating again\n`,
		);
	}
	return withSimulator(io, (demoIo) =>
		resumeCommand(outDir, options, demoIo, {accounts: demoAccounts, simulated: true}),
	);
}

async function requeueLostWork(outDir: string): Promise<number[]> {
	const run = await readRunFile(outDir);
	if (!run) return [];
	const {events} = await readJournal(outDir);
	const state = replay(initialRunState(run.scenes, run.accounts, Date.now()), events);
	const unfinished = (scene: SceneView) =>
		['submitting', 'polling', 'downloading', 'in-doubt'].includes(scene.state);
	// A clip an unfinished extend continues lived in the old simulator too: it is made again first.
	const sources = new Set(
		state.scenes.flatMap((scene) =>
			scene.inputs?.extend !== undefined && (scene.state === 'queued' || unfinished(scene))
				? [scene.inputs.extend]
				: [],
		),
	);
	const lost = state.scenes.filter(
		(scene) => unfinished(scene) || (scene.state === 'done' && sources.has(scene.index)),
	);
	if (lost.length === 0) return [];
	const journal = await Journal.open(outDir);
	try {
		for (const scene of lost) {
			await journal.appendDurable({
				type: 'scene.state',
				ts: Date.now(),
				scene: scene.index,
				id: scene.id,
				state: 'queued',
				attempt: scene.attempt + 1,
				error: "the earlier demo's simulator ended with it, and its videos with it",
			});
		}
	} finally {
		await journal.close();
	}
	return lost.map((scene) => scene.index);
}

async function withSimulator(io: Io, body: (io: Io) => Promise<number>): Promise<number> {
	const sim = await startSimulator(simulatorOptions);
	try {
		return await body({
			...io,
			env: {
				...io.env,
				FLOWDECK_API_URL: sim.apiUrl,
				FLOWDECK_LABS_URL: sim.labsUrl,
				FLOWDECK_FLOW_URL: sim.flowUrl,
			},
			captcha: functionCaptchaProvider('simulator', ({account}) => sim.mintCaptchaToken(account)),
		});
	} finally {
		await sim.close();
	}
}
