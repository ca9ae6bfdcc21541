import {mkdir, mkdtemp, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {setAsideEarlierDemo} from '../../source/commands/demo-aside.js';

let dir: string | undefined;
afterEach(async () => {
	if (dir) await rm(dir, {recursive: true, force: true});
	dir = undefined;
});

async function state(path: string, demo: boolean) {
	await mkdir(path, {recursive: true});
	await writeFile(join(path, 'run.json'), '{}\n');
	if (demo) await writeFile(join(path, 'demo.json'), '{"demo":true}\n');
}

describe('the demo sets an earlier demo aside', () => {
	it('keeps only the newest set-aside demo, its videos, and any set-aside run that was not a demo', async () => {
		dir = await mkdtemp(join(tmpdir(), 'flowdeck-demo-aside-'));
		for (const day of ['01', '02', '03'])
			await state(join(dir, `.flowdeck-2020-01-${day}T10-00-00-000Z`), true);
		await state(join(dir, '.flowdeck-2019-06-01T10-00-00-000Z'), false);
		await writeFile(join(dir, '001-a-lighthouse-1.mp4'), 'video');
		await state(join(dir, '.flowdeck'), true);

		const aside = await setAsideEarlierDemo(dir);

		const names = (await readdir(dir)).sort();
		expect(names).toEqual(
			['001-a-lighthouse-1.mp4', '.flowdeck-2019-06-01T10-00-00-000Z', aside.slice(dir.length + 1)].sort(),
		);
		expect(aside).toMatch(/\.flowdeck-\d{4}-/);
	});
});
