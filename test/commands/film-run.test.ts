import {access, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {accountsCommand} from '../../source/commands/accounts/index.js';
import {resumeCommand, runCommand} from '../../source/commands/run.js';
import {runOptionsFor} from '../../source/run/options.js';
import {skipFfmpegTests} from '../film/helpers.js';
import {type SimEnv, startSimEnv} from './helpers.js';

// `run --film` and `resume --film` against the simulator, whose clips are real small MP4s: once the
// run ends, its done scenes are joined into <out>/film.mp4 (readme: Making the film).

let world: SimEnv | undefined;
afterEach(async () => {
	await world?.close();
	world = undefined;
});

const account = {name: 'acc1', cookie: 'cookie-film-run-4c1e'};
const fast = {pollInterval: '0.02', submitGap: '0'};

const exists = (path: string) =>
	access(path).then(
		() => true,
		() => false,
	);

async function setUp(text: string) {
	world = await startSimEnv({accounts: [account], generationMs: 30});
	const saving = world.io(`${account.cookie}\n`);
	expect(await accountsCommand('add', ['acc1'], {cookie: '-'}, saving)).toBe(0);
	const file = join(world.dir, 'scenes.txt');
	await writeFile(file, text);
	return {file, out: join(world.dir, 'out'), env: {...world.env, PATH: process.env.PATH}};
}

const ndjson = (text: string) =>
	text
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line) as Record<string, unknown>);

describe.skipIf(skipFfmpegTests)('run --film (simulator)', () => {
	it('joins the done scenes when the run ends; the NDJSON film events follow run.end', async () => {
		const {file, out, env} = await setUp('a lighthouse at dusk\na fox in the snow\n');
		const io = {...world!.io(), env};
		const options = await runOptionsFor({out, json: true, film: true, ...fast}, {interactive: false, env});
		expect(await runCommand(file, options, io)).toBe(0);
		expect(io.err()).toBe('');
		const types = ndjson(io.out()).map((event) => event.type);
		expect(types.indexOf('run.end')).toBeLessThan(types.indexOf('film.done'));
		expect(types.at(-1)).toBe('film.done');
		expect(ndjson(io.out()).at(-1)).toMatchObject({scenes: [1, 2], method: 'copy', leftOut: []});
		expect(await exists(join(out, 'film.mp4'))).toBe(true);
		expect((await readFile(join(out, 'film.jpg'))).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
	});

	it('resume --film on a finished run makes the film; without --film nothing is joined', async () => {
		const {file, out, env} = await setUp('a lighthouse at dusk\n');
		const io = {...world!.io(), env};
		const plain = await runOptionsFor({out, tui: false, ...fast}, {interactive: false, env});
		expect(await runCommand(file, plain, io)).toBe(0);
		expect(await exists(join(out, 'film.mp4'))).toBe(false);
		const again = {...world!.io(), env};
		const options = await runOptionsFor({tui: false, film: true, ...fast}, {interactive: false, env});
		expect(await resumeCommand(out, options, again)).toBe(0);
		expect(again.out()).toMatch(/^nothing to resume: .*\nfilm: 1 scene, the clips\n/);
		expect(again.out()).toContain('film.mp4: 1 scene, ');
		expect(await exists(join(out, 'film.mp4'))).toBe(true);
	});
});
