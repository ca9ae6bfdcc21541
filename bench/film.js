// filmVsFfmpeg = the wall time of `flowdeck film <out>` on 100 clips ÷ that of the same concat run by
// hand (`ffmpeg -f concat -safe 0 -i list.txt -c copy film.mp4`). The clips are alike, as one model's
// are: 8 s of 1280x720 H.264 at 24 fps with AAC audio, about 2.5 MB each, each with its poster, as a
// run leaves them. flowdeck's side is the whole command: Node's start, the manifest, reading the clips'
// headers and one ffprobe, the join with its progress, the fsync and rename of film.mp4, and the
// contact sheet beside it. The hand-run side is the join alone, unsynced. flowdeck's join probes only
// the first clip of clips of one kind (source/film/ffmpeg-args.ts: concatList), which pays for the rest.
import {execFile, spawn, spawnSync} from 'node:child_process';
import {copyFile, mkdtemp, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {quick} from './common.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = promisify(execFile);

/** Starts `command` and resolves with its wall time once it exits 0. */
function timed(command, args) {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, {stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
		});
		child.once('error', reject);
		child.once('exit', (code) =>
			code === 0
				? resolve(performance.now() - started)
				: reject(new Error(`${command} exited ${code}: ${stderr}`)),
		);
	});
}

/** The output folder of a run of `count` done scenes, each with the one clip and poster. */
async function outputFolder(dir, count, seconds) {
	const clip = join(dir, 'clip.mp4');
	const poster = join(dir, 'poster.jpg');
	await run('ffmpeg', [
		...['-hide_banner', '-loglevel', 'error', '-y'],
		...['-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=24:duration=${seconds},noise=alls=12:allf=t`],
		...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`],
		...['-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '2500k', '-pix_fmt', 'yuv420p'],
		...['-c:a', 'aac', '-shortest', clip],
	]);
	await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', clip, '-frames:v', '1', poster]);
	const out = join(dir, 'out');
	await run('mkdir', [out]);
	const scenes = [];
	const list = [];
	for (let index = 1; index <= count; index++) {
		const name = `${String(index).padStart(3, '0')}-scene-${index}-1`;
		await copyFile(clip, join(out, `${name}.mp4`));
		await copyFile(poster, join(out, `${name}.jpg`));
		scenes.push({index, id: String(index), state: 'done', files: [`${name}.mp4`], error: null});
		list.push(`file '${join(out, `${name}.mp4`)}'\n`);
	}
	await writeFile(join(out, 'manifest.json'), JSON.stringify({scenes}));
	await writeFile(join(dir, 'list.txt'), list.join(''));
	return {out, list: join(dir, 'list.txt'), clipBytes: (await stat(clip)).size};
}

/** The writeback of one side's few hundred MB is flushed (untimed) before the other side runs. */
const settleDisk = () => spawnSync('sync');

export async function filmVsFfmpeg({clips = quick ? 20 : 100, seconds = quick ? 2 : 8, rounds = 5} = {}) {
	const dir = await mkdtemp(join(tmpdir(), 'flowdeck-bench-film-'));
	try {
		const {out, list, clipBytes} = await outputFolder(dir, clips, seconds);
		const byHand = join(dir, 'by-hand.mp4');
		const ffmpegMs = [];
		const flowdeckMs = [];
		const handRound = async () => {
			settleDisk();
			ffmpegMs.push(
				await timed('ffmpeg', [
					...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'concat', '-safe', '0'],
					...['-i', list, '-c', 'copy', byHand],
				]),
			);
			await rm(byHand);
		};
		const flowdeckRound = async () => {
			settleDisk();
			flowdeckMs.push(await timed(process.execPath, [cli, 'film', out]));
			await rm(join(out, 'film.mp4'));
			await rm(join(out, 'film.jpg'));
		};
		// Each side goes first every other round, so neither always inherits the other's writeback.
		for (let round = 0; round < rounds; round++) {
			for (const side of round % 2 === 0 ? [handRound, flowdeckRound] : [flowdeckRound, handRound])
				await side();
		}
		// The best round of each: a join only ever loses time to the noise of a shared machine.
		const bestFlowdeck = Math.min(...flowdeckMs);
		const bestFfmpeg = Math.min(...ffmpegMs);
		return {
			filmVsFfmpeg: bestFlowdeck / bestFfmpeg,
			filmMs: Math.round(bestFlowdeck),
			filmByHandMs: Math.round(bestFfmpeg),
			filmClips: clips,
			filmMegabytes: Math.round((clips * clipBytes) / (1024 * 1024)),
		};
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(JSON.stringify(await filmVsFfmpeg()));
}
