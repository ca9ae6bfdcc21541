import {createHash} from 'node:crypto';
import {FlowError} from '../errors/index.js';
import type {ImageUpload, KnownUpload, UploadedImage, UploadImageCall} from '../types.js';

/** Uploads are matched by project and content: the same bytes go once into each project. */
const contentKey = (projectId: string, sha256: string): string => `${projectId} ${sha256}`;

/**
 * One account's uploaded images: each image is uploaded once per project (by its bytes), and only
 * images uploaded through this account may be named in its generate calls. An image of another
 * account is "not found" on Flow; here it is refused before anything is sent (docs/design.md §3).
 */
export class AccountUploads {
	readonly #account: string;
	readonly #byContent = new Map<string, Promise<UploadedImage>>();
	readonly #owned = new Set<string>();

	constructor(account: string) {
		this.#account = account;
	}

	upload(
		image: ImageUpload,
		projectId: string,
		send: (call: UploadImageCall) => Promise<UploadedImage>,
	): Promise<UploadedImage> {
		const key = contentKey(projectId, createHash('sha256').update(image.bytes).digest('hex'));
		const known = this.#byContent.get(key);
		if (known) return known;
		const pending = send({image, projectId}).then((uploaded) => {
			this.#owned.add(uploaded.name);
			return uploaded;
		});
		this.#byContent.set(key, pending);
		// A failed upload is forgotten, so the next scene that needs the image tries again.
		pending.catch(() => {
			if (this.#byContent.get(key) === pending) this.#byContent.delete(key);
		});
		return pending;
	}

	/**
	 * An image this account uploaded in an earlier session of the run (resume reads it from the
	 * journal): its own from now on, and the same bytes are not sent again into that project.
	 */
	adopt(known: KnownUpload): void {
		this.#owned.add(known.name);
		this.#byContent.set(
			contentKey(known.projectId, known.sha256.toLowerCase()),
			Promise.resolve({name: known.name, projectId: known.projectId}),
		);
	}

	assertOwned(names: readonly string[] | undefined): void {
		for (const name of names ?? []) {
			if (this.#owned.has(name)) continue;
			throw new FlowError(
				'protocol',
				`${this.#account}: image ${name} was not uploaded through this account`,
				{
					code: 'FOREIGN_MEDIA',
				},
			);
		}
	}
}
