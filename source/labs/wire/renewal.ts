/**
 * Tells whoever listens that a transport is renewing credentials it already had: an access token that
 * lapsed or was refused (labs), a page session read again (flow). Not the first sign-in. The pipeline
 * shows the account as `refreshing` meanwhile; the transport itself never waits on a listener.
 */
export class RenewalSignal {
	readonly #listeners = new Set<(renewing: boolean) => void>();

	listen(listener: (renewing: boolean) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	emit(renewing: boolean): void {
		for (const listener of this.#listeners) listener(renewing);
	}

	/** `work` with the signal raised before it and lowered after it, whatever its outcome. */
	async around<T>(work: () => Promise<T>): Promise<T> {
		this.emit(true);
		try {
			return await work();
		} finally {
			this.emit(false);
		}
	}
}
