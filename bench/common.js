// Shared by the bench cases: the simulator in its own process, child processes that report one
// result over IPC, bench accounts and scenes, and peak RSS from /proc.
import {fork} from 'node:child_process';
import {randomUUID} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

export const quick = process.env.BENCH_QUICK === '1';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));

/** Peak resident set (VmHWM) of this process, in MB. */
export function peakRssMb() {
	const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
	return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Simulator accounts with credits enough for any bench run. */
export const benchAccounts = (count) =>
	Array.from({length: count}, (_, i) => ({
		name: `acc${i + 1}`,
		cookie: `bench-cookie-${i + 1}`,
		credits: 1_000_000_000,
	}));

const prompts = [
	'A lighthouse on a basalt cliff at dusk, waves exploding below, slow aerial orbit',
	'Macro shot of dew sliding down a spider web at sunrise, shallow depth of field',
	'Phố cổ Hội An về đêm, đèn lồng lung linh phản chiếu trên sông Thu Bồn',
	'A red fox trotting through fresh snow in a birch forest, tracking shot',
	'Timelapse of storm clouds rolling over a wheat field, lightning on the horizon',
	'An astronaut tending tomato plants in a greenhouse on Mars, warm morning light',
];

export const sceneSpecs = (count, copies) =>
	Array.from({length: count}, (_, i) => ({
		index: i + 1,
		id: String(i + 1),
		prompt: `${prompts[i % prompts.length]} #${i + 1}`,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies,
	}));

/**
 * The simulator takes a captcha token it did not mint on trust, once: a random one per call works
 * from any process.
 */
export async function benchCaptcha() {
	const {functionCaptchaProvider} = await import('../dist/labs/captcha/providers.js');
	return functionCaptchaProvider('bench', () => `bench-${randomUUID()}`);
}

/** Starts `bench/<script>` with IPC; resolves with the first message it sends, then it may go on. */
export function forkChild(script, args = [], {env} = {}) {
	const child = fork(here(script), args, {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		// Ink draws only the last frame in CI; the dashboard is measured in colour, as a terminal shows it.
		env: {...process.env, CI: '0', CONTINUOUS_INTEGRATION: '0', FORCE_COLOR: '1', ...env},
		// BENCH_NODE_ARGS="--cpu-prof" profiles every child (a case's own process included).
		execArgv: process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
	});
	const first = new Promise((resolve, reject) => {
		child.once('message', resolve);
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before answering`)));
	});
	return {child, first};
}

/** Runs `bench/<script>` to completion and resolves with the result it sent. */
export async function runChild(script, input, options) {
	const {child, first} = forkChild(script, [JSON.stringify(input)], options);
	const result = await first;
	await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve()));
	if (result?.error) throw new Error(`${script}: ${result.error}`);
	return result;
}

/** The simulator in a process of its own, so its work never shares an event loop with the measured one. */
export async function startSimProcess(options) {
	const {child, first} = forkChild('sim-server.js', [JSON.stringify(options)]);
	const urls = await first;
	let asked = 0;
	return {
		...urls,
		/** Counts of the requests the simulator has served so far. */
		stats() {
			const id = ++asked;
			return new Promise((resolve) => {
				const onMessage = (message) => {
					if (message.id !== id) return;
					child.off('message', onMessage);
					resolve(message.stats);
				};
				child.on('message', onMessage);
				child.send({type: 'stats', id});
			});
		},
		close() {
			return new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', resolve);
				child.send({type: 'close'});
			});
		},
	};
}

/** A child's input: the JSON in argv[2]. */
export const childInput = () => JSON.parse(process.argv[2] ?? '{}');

/** Sends a child's result to the parent and ends the child once it is delivered. */
export function reply(result) {
	process.send?.(result, () => process.exit(0));
}

export function replyError(error) {
	process.send?.({error: String(error?.stack ?? error)}, () => process.exit(1));
}

// Enough of a TTY stdin for Ink's raw mode; nobody types.
export {FakeStdin} from '../scripts/first-frame.js';
