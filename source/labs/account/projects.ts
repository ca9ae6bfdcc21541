import {FlowError} from '../errors/index.js';
import type {MediaRef} from '../types.js';

/**
 * The Flow projects of one account: the one it works in (configured, or created on prepare()) and
 * every one its media were seen in, so media of a project it never used is refused as not its own.
 */
export class AccountProjects {
	readonly #account: string;
	readonly #known = new Set<string>();
	#current: string | undefined;

	constructor(account: string) {
		this.#account = account;
	}

	/** The project new media go to. */
	get current(): string | undefined {
		return this.#current;
	}

	/** Makes `projectId` the project new media go to. */
	adopt(projectId: string): void {
		this.#current = projectId;
		this.#known.add(projectId);
	}

	/** A project this account's media were seen in. */
	remember(projectId: string): void {
		this.#known.add(projectId);
	}

	require(): string {
		if (!this.#current) {
			throw new FlowError('protocol', `${this.#account}: no Flow project yet (prepare() was not called)`);
		}
		return this.#current;
	}

	/** A guard against pipeline bugs: media of a project this account never used is not its own. */
	assertOwned(media: MediaRef): void {
		if (!media.projectId || !this.#known.has(media.projectId)) {
			throw new FlowError(
				'not-found',
				`${this.#account}: media ${media.name} is not in a project of this account; refusing to send it`,
				{code: 'FOREIGN_MEDIA'},
			);
		}
	}
}
