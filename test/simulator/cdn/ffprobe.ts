// ffprobe over bytes, for the tests of the simulator's playable clips (issue 19). A test that needs it
// fails when it is missing, never skips: CI installs Debian's ffmpeg and sets FLOWDECK_REQUIRE_FFMPEG=1.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export type Probe = {
	streams: Array<{codec_type: string; codec_name: string; width?: number; height?: number; profile?: string}>;
	format: {duration?: string; format_name: string};
};

/** What ffprobe reads in `bytes` (saved as `name`, whose extension tells it nothing it needs). */
export function probe(bytes: Buffer, name = 'probe.bin'): Probe {
	const dir = mkdtempSync(join(tmpdir(), 'flowdeck-ffprobe-'));
	try {
		const file = join(dir, name);
		writeFileSync(file, bytes);
		const args = ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file];
		const run = spawnSync('ffprobe', args, {encoding: 'utf8'});
		if (run.error) {
			const required = process.env.FLOWDECK_REQUIRE_FFMPEG === '1' ? ' (FLOWDECK_REQUIRE_FFMPEG=1)' : '';
			throw new Error(
				`ffprobe did not run${required}: install ffmpeg (apt-get install ffmpeg): ${run.error.message}`,
			);
		}
		if (run.status !== 0) throw new Error(`ffprobe could not read ${name}: ${run.stderr.trim()}`);
		return JSON.parse(run.stdout) as Probe;
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
