import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {maxWireSamples, wireSamplesDir, writeWireSample} from '../../source/core/wire-samples.js';

let outDir: string;

beforeEach(async () => {
	outDir = await mkdtemp(join(tmpdir(), 'flowdeck-samples-'));
});

afterEach(async () => {
	await rm(outDir, {recursive: true, force: true});
});

// 2026-12-02 10:11:12.345 UTC
const now = Date.UTC(2026, 11, 2, 10, 11, 12, 345);
const kept = async (): Promise<string[]> => (await readdir(join(outDir, wireSamplesDir))).sort();

describe('writeWireSample', () => {
	it('writes the sample under .flowdeck/wire-samples as <time>-<rpc>-<hash>.txt', async () => {
		const written = await writeWireSample(outDir, {rpc: 'jwpduf', text: '[["wrb.fr","jwpduf","[9]"]]'}, now);
		expect(written).toMatch(/^\.flowdeck\/wire-samples\/20261202-101112-jwpduf-[0-9a-f]{8}\.txt$/);
		expect(await kept()).toEqual([written?.split('/').pop()]);
		expect(await readFile(join(outDir, written!), 'utf8')).toBe('[["wrb.fr","jwpduf","[9]"]]\n');
	});

	it('keeps the same text once, whatever rpc or time it comes with', async () => {
		const text = '[["wrb.fr","YhhmEf",null,null,null,[99],"generic"]]';
		const first = await writeWireSample(outDir, {rpc: 'YhhmEf', text}, now);
		expect(first).toBeDefined();
		expect(await writeWireSample(outDir, {rpc: 'YhhmEf', text}, now + 5000)).toBeUndefined();
		expect(await writeWireSample(outDir, {rpc: 'as29s', text}, now)).toBeUndefined();
		// One poll may hand over the same answer several times at once.
		const twins = await Promise.all([
			writeWireSample(outDir, {rpc: 'nzlxg', text: 'twin'}, now),
			writeWireSample(outDir, {rpc: 'jwpduf', text: 'twin'}, now + 1000),
		]);
		expect(twins.filter((path) => path !== undefined)).toHaveLength(1);
		expect(await kept()).toHaveLength(2);
		expect(await writeWireSample(outDir, {rpc: 'YhhmEf', text: `${text} `}, now)).toBeDefined();
	});

	it(`stops at ${maxWireSamples} files in the folder`, async () => {
		const results: Array<string | undefined> = [];
		for (let i = 0; i < maxWireSamples + 5; i++) {
			results.push(await writeWireSample(outDir, {rpc: 'jwpduf', text: `answer ${i}`}, now + i * 1000));
		}
		expect(results.slice(0, maxWireSamples).every((path) => path !== undefined)).toBe(true);
		expect(results.slice(maxWireSamples)).toEqual([undefined, undefined, undefined, undefined, undefined]);
		expect(await kept()).toHaveLength(maxWireSamples);
	});

	it('returns undefined without throwing when the folder cannot be written', async () => {
		const file = join(outDir, 'not-a-folder');
		await writeFile(file, 'x');
		await expect(writeWireSample(file, {rpc: 'YhhmEf', text: 'x'}, now)).resolves.toBeUndefined();
		await mkdir(join(outDir, '.flowdeck'), {recursive: true});
		await writeFile(join(outDir, wireSamplesDir), 'a file where the folder should be');
		await expect(writeWireSample(outDir, {rpc: 'YhhmEf', text: 'x'}, now)).resolves.toBeUndefined();
	});

	it('redacts again before writing, cuts to the sample size, and keeps the rpc out of the path', async () => {
		const text = `Cookie: SID=sidSECRET; a ya29.tokSECRET b ${'y'.repeat(9000)}`;
		const written = await writeWireSample(outDir, {rpc: '../../etc/x', text}, now);
		expect(written).toMatch(/^\.flowdeck\/wire-samples\/20261202-101112-etcx-[0-9a-f]{8}\.txt$/);
		const body = await readFile(join(outDir, written!), 'utf8');
		expect(body).not.toContain('SECRET');
		expect(body.length).toBeLessThanOrEqual(4001);
		const odd = await writeWireSample(outDir, {rpc: '', text: 'short'}, now);
		expect(odd).toMatch(/-unknown-[0-9a-f]{8}\.txt$/);
	});
});
