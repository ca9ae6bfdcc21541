// Proves every failure to read a scene file becomes a one-line SceneFileError naming the cause in plain
// words where there are some (the read itself is stubbed: tests run as root, which no mode bit stops).
import {beforeEach, describe, expect, it, vi} from 'vitest';

const readFile = vi.hoisted(() => vi.fn());
vi.mock('node:fs/promises', async (importOriginal) => ({
	...(await importOriginal<typeof import('node:fs/promises')>()),
	readFile,
}));

const {readSceneText, SceneFileError} = await import('../../../source/core/scenes.js');

function failure(code: string | undefined, message = `${code}: failed`): Error {
	return Object.assign(new Error(message), code === undefined ? {} : {code});
}

beforeEach(() => {
	readFile.mockReset();
});

describe('read errors', () => {
	it.each([
		['EACCES', 'permission denied'],
		['EPERM', 'permission denied'],
		['ENOENT', 'no such file'],
		['EISDIR', 'is a directory'],
		['ENOTDIR', 'ENOTDIR'],
		['EMFILE', 'EMFILE'],
	])('names %s as "%s"', async (code, said) => {
		readFile.mockRejectedValueOnce(failure(code));
		const error = await readSceneText('/data/scenes.txt').catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(SceneFileError);
		expect(error).toMatchObject({message: `scenes.txt: cannot read: ${said}`, file: '/data/scenes.txt'});
		expect((error as InstanceType<typeof SceneFileError>).line).toBeUndefined();
	});

	it('falls back to the message of an error without a code', async () => {
		readFile.mockRejectedValueOnce(failure(undefined, 'disk on fire\nreally'));
		await expect(readSceneText('/data/scenes.txt')).rejects.toThrow(
			/^scenes\.txt: cannot read: disk on fire\\nreally$/,
		);
	});

	it('decodes what it read', async () => {
		readFile.mockResolvedValueOnce(Buffer.from('Cảnh\n', 'utf8'));
		expect(await readSceneText('/data/scenes.txt')).toBe('Cảnh\n');
	});
});
