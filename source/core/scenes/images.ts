// The image files a scene file names, checked before anything is sent: each must be there, be a
// JPEG, PNG or WebP image (by its first bytes, not its name), and not be larger than flowdeck sends.
import {open} from 'node:fs/promises';
import path from 'node:path';
import type {Scene} from '../scenes.js';
import {SceneFileError} from './errors.js';
import {describeReadError} from './read.js';

/**
 * flowdeck's own ceiling for one image: no public source states what Flow accepts (docs/protocol-flow.md
 * §2, upload), and an upload is sent base64 in one request, so a photo straight from a camera is
 * refused here, on its line, rather than by the server mid-run.
 */
export const maxImageBytes = 20 * 1024 * 1024;

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

export type ImageFile = {path: string; type: ImageType; bytes: number};

/** Every image the scenes name, by the path as written; throws SceneFileError at the first bad one. */
export async function checkSceneImages(scenes: Scene[], sceneFile: string): Promise<Map<string, ImageFile>> {
	const folder = path.dirname(sceneFile);
	const checked = new Map<string, ImageFile>();
	for (const scene of scenes) {
		const {inputs} = scene;
		if (inputs === undefined) continue;
		const named: Array<[string, string | undefined]> = [
			['image', inputs.image],
			['end_image', inputs.endImage],
			...(inputs.refs ?? []).map((ref): [string, string] => ['refs', ref]),
		];
		for (const [key, given] of named) {
			if (given === undefined || checked.has(given)) continue;
			const problem = (why: string) => new SceneFileError(sceneFile, scene.line, `${key} "${given}": ${why}`);
			checked.set(given, await checkImage(path.resolve(folder, given), problem));
		}
	}

	return checked;
}

async function checkImage(file: string, problem: (why: string) => Error): Promise<ImageFile> {
	let handle: Awaited<ReturnType<typeof open>>;
	try {
		handle = await open(file, 'r');
	} catch (error) {
		throw problem(describeReadError(error));
	}

	try {
		const stats = await handle.stat();
		if (!stats.isFile()) throw problem('not a file');
		if (stats.size > maxImageBytes) {
			throw problem(`larger than the ${maxImageBytes / (1024 * 1024)} MB flowdeck sends`);
		}

		const head = Buffer.alloc(12);
		const {bytesRead} = await handle.read(head, 0, head.length, 0);
		const type = imageType(head.subarray(0, bytesRead));
		if (type === undefined) throw problem('not a JPEG, PNG or WebP image');
		return {path: file, type, bytes: stats.size};
	} catch (error) {
		throw error instanceof SceneFileError ? error : problem(describeReadError(error));
	} finally {
		await handle.close();
	}
}

/** The type a file's first bytes announce (its magic number). */
export function imageType(head: Uint8Array): ImageType | undefined {
	const starts = (bytes: number[], at = 0) => bytes.every((byte, i) => head[at + i] === byte);
	if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
	// RIFF....WEBP
	if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
	return undefined;
}
