/**
 * Answers flowdeck could not read, kept on disk so a user can attach them to a bug report: the only
 * way a changed wire reaches the people who can teach flowdeck the new shape. Best effort by design.
 */
import {createHash} from 'node:crypto';
import {mkdir, readdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {redactSample, type WireSample} from '../labs/index.js';

export const wireSamplesDir = '.flowdeck/wire-samples';

/** A run that meets a changed wire meets it on every call: a few samples tell the story. */
export const maxWireSamples = 50;

/** `YYYYMMDD-HHMMSS` in UTC, so names sort by time whatever the machine's zone. */
const stamp = (now: number): string =>
	new Date(now)
		.toISOString()
		.replace(/\.\d+Z$/, '')
		.replace(/[-:]/g, '')
		.replace('T', '-');

/** RPC ids are short letters; anything else must not become a path. */
const safeRpc = (rpc: unknown): string =>
	(typeof rpc === 'string' ? rpc.replace(/[^A-Za-z0-9_-]/g, '') : '').slice(0, 40) || 'unknown';

// Writes are queued so two identical samples of one poll cannot both pass the duplicate check.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Writes the sample to `<outDir>/.flowdeck/wire-samples/<YYYYMMDD-HHMMSS>-<rpc>-<hash8>.txt` and returns
 * that path relative to outDir; undefined when it was already kept, the folder is full, or the
 * write failed. Never throws: a full disk must not stop a run.
 */
export function writeWireSample(
	outDir: string,
	sample: WireSample,
	now: number,
): Promise<string | undefined> {
	const write = queue.then(() => writeOnce(outDir, sample, now));
	queue = write.catch(() => undefined);
	return write;
}

async function writeOnce(outDir: string, sample: WireSample, now: number): Promise<string | undefined> {
	try {
		// The error already redacted it; a sample may also come from elsewhere, and this is a file.
		const text = redactSample(sample?.text ?? '');
		const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
		const dir = join(outDir, wireSamplesDir);
		await mkdir(dir, {recursive: true});
		const kept = (await readdir(dir)).filter((name) => name.endsWith('.txt'));
		if (kept.some((name) => name.endsWith(`-${hash}.txt`))) return undefined;
		if (kept.length >= maxWireSamples) return undefined;
		const name = `${stamp(Number.isFinite(now) ? now : Date.now())}-${safeRpc(sample?.rpc)}-${hash}.txt`;
		await writeFile(join(dir, name), `${text}\n`, {flag: 'wx'});
		return `${wireSamplesDir}/${name}`;
	} catch {
		return undefined;
	}
}
