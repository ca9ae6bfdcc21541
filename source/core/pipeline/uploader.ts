import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {FlowError} from '../../labs/errors/index.js';
import type {ImageUpload, UploadedImage} from '../../labs/types.js';
import {imageType} from '../scenes/images.js';
import type {SceneInputs} from '../scenes/inputs.js';
import type {AccountRuntime} from './account-pool.js';
import type {RunContext} from './context.js';

/** The uploaded ids a generate call names, in the places it names them. */
export type SceneImageIds = {startImage?: string; endImage?: string; references?: string[]};

type ImageOnDisk = {sha256: string; upload: ImageUpload};

/**
 * Uploads a scene's images to the account that will submit it, once per (account, project, content)
 * for the whole run, resumes included: every upload is journaled (`image.upload`) and a journaled one
 * is reused, never sent again (docs/design.md §3, uploads).
 */
export class Uploader {
	readonly #ctx: RunContext;
	readonly #imageDir: string;
	readonly #onDisk = new Map<string, Promise<ImageOnDisk>>();
	/** Uploads under way, by account, project and content: two scenes needing one image share one call. */
	readonly #pending = new Map<string, Promise<string>>();

	constructor(ctx: RunContext, imageDir: string) {
		this.#ctx = ctx;
		this.#imageDir = imageDir;
	}

	/** The ids of the scene's images on this account, uploading the ones it does not hold yet. */
	async idsFor(account: AccountRuntime, inputs: SceneInputs | undefined): Promise<SceneImageIds> {
		const ids: SceneImageIds = {};
		if (inputs?.image !== undefined) ids.startImage = await this.#idOf(account, inputs.image);
		if (inputs?.endImage !== undefined) ids.endImage = await this.#idOf(account, inputs.endImage);
		if (inputs?.refs !== undefined) {
			ids.references = await Promise.all(inputs.refs.map((file) => this.#idOf(account, file)));
		}
		return ids;
	}

	/** The sha256 of an image file, read once per run (uploads are matched by content, not by name). */
	async contentOf(file: string): Promise<string> {
		return (await this.#read(file)).sha256;
	}

	async #idOf(account: AccountRuntime, file: string): Promise<string> {
		const client = account.client;
		const projectId = client.projectId;
		if (projectId === undefined || client.upload === undefined) {
			throw new FlowError('protocol', `${client.name}: this account cannot upload images`, {
				code: 'UPLOAD_UNSUPPORTED',
			});
		}
		const image = await this.#read(file);
		const known = this.#ctx.state.uploads.find(
			(upload) =>
				upload.account === client.name && upload.projectId === projectId && upload.sha256 === image.sha256,
		);
		if (known) {
			client.adoptUpload?.({name: known.name, projectId, sha256: known.sha256});
			return known.name;
		}
		const key = `${client.name}\n${projectId}\n${image.sha256}`;
		let pending = this.#pending.get(key);
		if (!pending) {
			pending = this.#send(account, file, image, projectId);
			this.#pending.set(key, pending);
			// Settled either way: a success is in RunState from now on, a failure may be tried again.
			void pending.then(
				() => this.#pending.delete(key),
				() => this.#pending.delete(key),
			);
		}
		return pending;
	}

	async #send(account: AccountRuntime, file: string, image: ImageOnDisk, projectId: string): Promise<string> {
		const upload = account.client.upload as (image: ImageUpload) => Promise<UploadedImage>;
		const uploaded = await upload.call(account.client, image.upload);
		// On disk before any generate call names it: a resumed run must know it was uploaded.
		await this.#ctx.emitDurable({
			type: 'image.upload',
			ts: this.#ctx.now(),
			account: account.client.name,
			file,
			sha256: image.sha256,
			name: uploaded.name,
			projectId: uploaded.projectId || projectId,
		});
		return uploaded.name;
	}

	#read(file: string): Promise<ImageOnDisk> {
		let known = this.#onDisk.get(file);
		if (!known) {
			known = readImage(path.resolve(this.#imageDir, file), file);
			this.#onDisk.set(file, known);
			// A file that could not be read is read again next time (it may have been put back).
			known.catch(() => this.#onDisk.delete(file));
		}
		return known;
	}
}

async function readImage(absolute: string, file: string): Promise<ImageOnDisk> {
	let bytes: Buffer;
	try {
		bytes = await readFile(absolute);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
		throw new FlowError('protocol', `image "${file}" cannot be read (${code})`, {code: 'IMAGE_UNREADABLE'});
	}
	const mimeType = imageType(bytes.subarray(0, 12));
	if (mimeType === undefined) {
		throw new FlowError('protocol', `image "${file}" is no longer a JPEG, PNG or WebP image`, {
			code: 'IMAGE_UNREADABLE',
		});
	}
	return {
		sha256: createHash('sha256').update(bytes).digest('hex'),
		upload: {bytes, mimeType, fileName: path.basename(file)},
	};
}
