import {access, readdir} from 'node:fs/promises';
import {join} from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {clipCache, fakeFfmpeg, ffprobe, skipFfmpegTests, videoSeconds} from '../film/helpers.js';
import {clipName, writeManifest} from '../film/manifest-fixture.js';
import {runCli, startCli} from '../helpers/cli.js';
import {perTestWorkspace} from '../helpers/workspace.js';

// `flowdeck film <out-dir>` through the built CLI (readme: Making the film): the film of a hand-made
// output folder, the exit code of a missing ffmpeg, and a Ctrl-C that leaves nothing half made.

const workspace = perTestWorkspace();
const clip = clipCache();
let dir: string;
beforeEach(async () => {
	dir = await workspace.tempDir('flowdeck-film-e2e-');
	for (const index of [1, 2, 4]) await clip(join(dir, clipName(index)));
	await writeManifest(dir, [
		{index: 1, files: [clipName(1)]},
		{index: 2, files: [clipName(2)], chosen: clipName(2)},
		{index: 3, state: 'failed', error: 'blocked by policy: the prompt'},
		{index: 4, files: [clipName(4)], chosen: null},
	]);
});

const filmFiles = async () => (await readdir(dir)).filter((name) => name.startsWith('film')).sort();

describe.skipIf(skipFfmpegTests)('flowdeck film (built CLI)', () => {
	it('joins the done scenes into film.mp4 and film.jpg, lists the one left out, exit 0', async () => {
		const result = await runCli(['film', dir]);
		expect(result, result.stderr).toMatchObject({code: 0, stderr: ''});
		expect(result.stdout.split('\n')).toEqual([
			'film: 3 scenes, the clips',
			'left out: scene 3 (failed: blocked by policy: the prompt)',
			'stream copy: 3 clips share h264 160x90 at 24 fps, aac audio',
			...result.stdout.split('\n').filter((line) => line.startsWith('joining:')),
			'film.mp4: 3 scenes, 3.0 s',
			'film.jpg: a contact sheet of 3 frames',
			'',
		]);
		expect(await filmFiles()).toEqual(['film.jpg', 'film.mp4']);
		expect(videoSeconds(await ffprobe(join(dir, 'film.mp4')))).toBeCloseTo(3, 1);
	});

	it('film --help: its usage and flags, exit 0, nothing made; a mistyped film is suggested', async () => {
		const help = await runCli(['film', dir, '--help']);
		expect(help).toMatchObject({code: 0, stderr: ''});
		expect(help.stdout).toContain('Usage: flowdeck film <out-dir>');
		for (const flag of ['--ffmpeg <path>', '--json', '-h, --help']) expect(help.stdout).toContain(flag);
		for (const line of help.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
		expect(await filmFiles()).toEqual([]);
		expect(await runCli(['flim', dir])).toMatchObject({
			code: 2,
			stderr: 'flowdeck: unknown command "flim": did you mean film?\n',
		});
	});

	it('--ffmpeg /nonexistent: the install line and exit 2', async () => {
		const result = await runCli(['film', dir, '--ffmpeg', '/nonexistent']);
		expect(result).toMatchObject({code: 2, stdout: ''});
		expect(result.stderr).toBe(
			'flowdeck: no ffmpeg program at /nonexistent: install it (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg)\n',
		);
		expect(await filmFiles()).toEqual([]);
	});

	it('Ctrl-C (SIGINT) while ffmpeg works: ffmpeg killed, exit 130, no film.mp4 and no .part', async () => {
		const slow = await fakeFfmpeg(dir, 'printf partial > "$out"\nexec sleep 60');
		const {child, result} = startCli(['film', dir, '--ffmpeg', slow]);
		const part = join(dir, 'film.mp4.part');
		for (
			let waited = 0;
			!(await access(part).then(
				() => true,
				() => false,
			));
			waited += 20
		) {
			if (waited > 15_000) throw new Error('ffmpeg never started');
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		child.kill('SIGINT');
		const ended = await result;
		expect({code: ended.code, signal: ended.signal}).toEqual({code: 130, signal: null});
		expect(ended.stderr).toBe(
			'flowdeck: film interrupted; ffmpeg was stopped and its unfinished file removed\n',
		);
		expect(await filmFiles()).toEqual([]);
	});
});
