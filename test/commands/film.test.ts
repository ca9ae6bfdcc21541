import {access, readdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {filmAfterRun, filmCommand} from '../../source/commands/film.js';
import {clipCache, fakeFfmpeg, ffmpegPath, skipFfmpegTests} from '../film/helpers.js';
import {clipName, writeManifest} from '../film/manifest-fixture.js';
import {perTestWorkspace} from '../helpers/workspace.js';
import {memoryIo} from './helpers.js';

// `flowdeck film <out-dir>` and `run --film`'s film step: their lines and exit codes (docs/design.md
// §4): 0 made, 1 ffmpeg failed, 2 no ffmpeg / no manifest / no done scene, 130 interrupted; after a
// run, the run's code stands unless the film failed.

const workspace = perTestWorkspace();
const clip = clipCache();
let dir: string;
beforeEach(async () => {
	dir = await workspace.tempDir('flowdeck-film-cmd-');
});

const install = 'install it (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg)';

async function twoScenes(): Promise<void> {
	await clip(join(dir, clipName(1)));
	await clip(join(dir, clipName(2)));
	await writeManifest(dir, [
		{index: 1, files: [clipName(1)]},
		{index: 2, files: [clipName(2)]},
		{index: 3, state: 'failed', error: 'quota exhausted'},
	]);
}

const exists = (name: string) =>
	access(join(dir, name)).then(
		() => true,
		() => false,
	);

/** What the film step may leave besides the clips, the posters and the manifest. */
const leftovers = async () => (await readdir(dir)).filter((name) => name.startsWith('film'));

const failing =
	'printf partial > "$out"\necho "fake ffmpeg: $out: Invalid data found when processing input" >&2\nexit 1';

describe.skipIf(skipFfmpegTests)('flowdeck film', () => {
	it('makes film.mp4 and film.jpg: exit 0, the summary on stdout', async () => {
		await twoScenes();
		const io = memoryIo({PATH: process.env.PATH});
		expect(await filmCommand(dir, {json: false}, io)).toBe(0);
		expect(io.err()).toBe('');
		expect(io.out()).toBe(
			[
				'film: 2 scenes, the clips',
				'left out: scene 3 (failed: quota exhausted)',
				'stream copy: 2 clips share h264 160x90 at 24 fps, aac audio',
				...io
					.out()
					.split('\n')
					.filter((line) => line.startsWith('joining:')),
				'film.mp4: 2 scenes, 2.0 s',
				'film.jpg: a contact sheet of 2 frames',
				'',
			].join('\n'),
		);
		expect((await leftovers()).sort()).toEqual(['film.jpg', 'film.mp4']);
	});

	it('no ffmpeg: one line saying how to install it, exit 2, nothing made', async () => {
		await twoScenes();
		const given = memoryIo({PATH: process.env.PATH});
		expect(await filmCommand(dir, {json: false, ffmpegPath: '/nonexistent'}, given)).toBe(2);
		expect(given.err()).toBe(`flowdeck: no ffmpeg program at /nonexistent: ${install}\n`);
		expect(given.out()).toBe('');
		const onPath = memoryIo({PATH: join(dir, 'no-such-folder')});
		expect(await filmCommand(dir, {json: false}, onPath)).toBe(2);
		expect(onPath.err()).toBe(`flowdeck: no ffmpeg on PATH: ${install}, or pass --ffmpeg <path>\n`);
		expect(await leftovers()).toEqual([]);
	});

	it('an ffmpeg without its ffprobe beside it is refused the same way', async () => {
		await twoScenes();
		const lone = join(dir, 'lone');
		await writeFile(lone, '#!/bin/sh\nexit 0\n', {mode: 0o755});
		const io = memoryIo({});
		expect(await filmCommand(dir, {json: false, ffmpegPath: lone}, io)).toBe(2);
		expect(io.err()).toBe(
			`flowdeck: no ffprobe beside ${lone} (the film reads its clips with it): ${install}\n`,
		);
	});

	it('no manifest, or no done scene: exit 2 and why', async () => {
		const io = memoryIo({PATH: process.env.PATH});
		expect(await filmCommand(dir, {json: false}, io)).toBe(2);
		expect(io.err()).toBe(`flowdeck: ${dir}: no manifest.json here (not the output folder of a run)\n`);
		await writeManifest(dir, [{index: 1, state: 'skipped'}]);
		const none = memoryIo({PATH: process.env.PATH});
		expect(await filmCommand(dir, {json: false}, none)).toBe(2);
		expect(none.err()).toBe(`flowdeck: ${dir}: no scene is done yet, so there is nothing to join\n`);
	});

	it('a failing ffmpeg: exit 1 with its last lines, and no film.mp4, film.jpg or .part left', async () => {
		await twoScenes();
		const io = memoryIo({});
		expect(await filmCommand(dir, {json: false, ffmpegPath: await fakeFfmpeg(dir, failing)}, io)).toBe(1);
		expect(io.err()).toMatch(
			/^flowdeck: ffmpeg exited with code 1; its last lines:\n {2}fake ffmpeg: .*film\.mp4\.part: Invalid data found when processing input\n$/,
		);
		expect(io.out()).not.toContain('film.mp4:');
		expect(await leftovers()).toEqual([]);
	});

	it('an ffmpeg before 5.0, which refuses "option" in a concat list, still makes the film', async () => {
		await twoScenes();
		// Refuses a list with `option` lines as ffmpeg 4.4 does; runs the real ffmpeg otherwise.
		const older = await fakeFfmpeg(
			dir,
			[
				'for arg; do case "$arg" in *.txt) if grep -q "^option " "$arg"; then',
				'  echo "[concat @ 0x5581] Line 3: unknown keyword \'option\'" >&2',
				'  echo "$arg: Invalid data found when processing input" >&2; exit 1',
				'fi;; esac; done',
				`exec ${ffmpegPath} "$@"`,
			].join('\n'),
		);
		const io = memoryIo({});
		expect(await filmCommand(dir, {json: false, ffmpegPath: older}, io)).toBe(0);
		expect(io.err()).toBe('');
		expect(io.out()).toContain('stream copy: 2 clips share h264 160x90');
		expect((await leftovers()).sort()).toEqual(['film.jpg', 'film.mp4']);
	});

	it('Ctrl-C kills ffmpeg: exit 130, and no film.mp4 or .part left', async () => {
		await twoScenes();
		let interrupt: (() => void) | undefined;
		const io = memoryIo({});
		io.onInterrupt = (handler) => {
			interrupt = handler;
			return () => {};
		};
		const slow = await fakeFfmpeg(dir, 'printf partial > "$out"\nexec sleep 60');
		const started = Date.now();
		const code = filmCommand(dir, {json: false, ffmpegPath: slow}, io);
		while (!(await exists('film.mp4.part'))) await new Promise((resolve) => setTimeout(resolve, 20));
		interrupt?.();
		expect(await code).toBe(130);
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(io.err()).toBe('flowdeck: film interrupted; ffmpeg was stopped and its unfinished file removed\n');
		expect(await leftovers()).toEqual([]);
	});
});

describe.skipIf(skipFfmpegTests)('run --film: the film step after the run', () => {
	it("makes the film whatever the run's code, and keeps that code", async () => {
		await twoScenes();
		const io = memoryIo({PATH: process.env.PATH});
		expect(await filmAfterRun(dir, 1, {output: 'lines'}, io)).toBe(1);
		expect(io.out()).toContain('film.mp4: 2 scenes, 2.0 s\n');
		expect(await exists('film.mp4')).toBe(true);
	});

	it('after exit 2 (nothing submitted) it does nothing', async () => {
		await twoScenes();
		const io = memoryIo({PATH: process.env.PATH});
		expect(await filmAfterRun(dir, 2, {output: 'lines'}, io)).toBe(2);
		expect(io.out() + io.err()).toBe('');
		expect(await leftovers()).toEqual([]);
	});

	it('no ffmpeg or no done scene: says so, the run keeps its code', async () => {
		await twoScenes();
		const io = memoryIo({});
		expect(await filmAfterRun(dir, 0, {output: 'lines', ffmpegPath: '/nonexistent'}, io)).toBe(0);
		expect(io.err()).toBe(`flowdeck: --film: no ffmpeg program at /nonexistent: ${install}\n`);
		await writeManifest(dir, [{index: 1, state: 'failed'}]);
		const none = memoryIo({PATH: process.env.PATH});
		expect(await filmAfterRun(dir, 1, {output: 'lines'}, none)).toBe(1);
		expect(none.err()).toContain('--film: ');
		expect(none.err()).toContain('no scene is done yet');
	});

	it('a failed film turns exit 0 into 1 and says so; another code stays', async () => {
		await twoScenes();
		const ffmpeg = await fakeFfmpeg(dir, failing);
		const io = memoryIo({});
		expect(await filmAfterRun(dir, 0, {output: 'lines', ffmpegPath: ffmpeg}, io)).toBe(1);
		expect(io.err()).toContain('flowdeck: ffmpeg exited with code 1; its last lines:\n');
		expect(io.err()).toContain(
			`flowdeck: --film: the run's videos are kept; \`flowdeck film ${dir}\` tries again\n`,
		);
		expect(await filmAfterRun(dir, 3, {output: 'lines', ffmpegPath: ffmpeg}, memoryIo({}))).toBe(3);
		expect(await leftovers()).toEqual([]);
	});

	it('--json: the film NDJSON after the run events', async () => {
		await twoScenes();
		const io = memoryIo({PATH: process.env.PATH});
		expect(await filmAfterRun(dir, 0, {output: 'json'}, io)).toBe(0);
		const types = io
			.out()
			.trim()
			.split('\n')
			.map((line) => (JSON.parse(line) as {type: string}).type);
		expect(types.at(-1)).toBe('film.done');
		expect(new Set(types)).toEqual(new Set(['film.progress', 'film.done']));
	});
});
