import type {FileHandle} from 'node:fs/promises';
import {mkdir, open, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {fsyncDirectory} from './atomic-file.js';
import type {RunEvent} from './events.js';
import {isEphemeral, sceneStates} from './events.js';
import {type RunState, reduceRun} from './run-state.js';

export const journalDirName = '.flowdeck';
export const journalFileName = 'journal.jsonl';

export const journalPath = (outDir: string): string => join(outDir, journalDirName, journalFileName);

/**
 * What a bearer token or a Google session cookie looks like. RunEvents never carry one; a match means
 * a bug upstream, and the journal is a file users share when asking for help. What redactSecrets
 * leaves of one (`ya29.…`, `next-auth.session-token=…`, from an error answer that quoted the request)
 * is no credential: refusing it would drop that event from the record, and with it the run's state.
 */
const credentialPattern = /ya29\.[\w-]|(?:next-auth\.session-token|SAPISID|__Secure-1PSID)=[^…;\s"]/;

export const inDoubtError = 'the submit may have reached Flow but no answer was recorded';

/**
 * The run's record on disk: one RunEvent a line, append-only. Lines queued in the same tick go out
 * as one write (a big run journals ~10 events per scene); the order of lines is the order of calls.
 */
export class Journal {
	readonly #handle: FileHandle;
	#pending: string[] = [];
	#writeScheduled = false;
	/** Every write and fsync, chained in order. Never rejects: a failure is kept in #failure. */
	#tail: Promise<void> = Promise.resolve();
	/** A sync queued and not yet started: later callers share it. */
	#nextSync: Promise<void> | undefined;
	#failure: Error | undefined;
	#closed = false;

	private constructor(handle: FileHandle) {
		this.#handle = handle;
	}

	static async open(outDir: string): Promise<Journal> {
		const directory = join(outDir, journalDirName);
		await mkdir(directory, {recursive: true});
		const path = journalPath(outDir);
		const handle = await open(path, 'a');
		let journal: Journal;
		try {
			journal = new Journal(handle);
			// A run killed mid-write leaves a torn last line; new lines must not be glued onto it.
			if (!(await endsWithNewline(path, handle))) journal.#queue('\n');
			await fsyncDirectory(directory);
		} catch (error) {
			await handle.close();
			throw error;
		}
		return journal;
	}

	/** Queues one event; ephemeral ones (download progress) are not worth a line. */
	append(event: RunEvent): void {
		if (isEphemeral(event)) return;
		if (this.#closed) throw new Error('the journal is closed');
		const line = JSON.stringify(event);
		if (credentialPattern.test(line)) {
			// The line itself stays out of the message: it holds the very secret being kept out.
			throw new Error(`refusing to journal a ${event.type} event that looks like it holds a credential`);
		}
		this.#queue(`${line}\n`);
	}

	/** Appends, then resolves once everything queued so far is written and fsynced. */
	async appendDurable(event: RunEvent): Promise<void> {
		this.append(event);
		await this.#sync();
	}

	/** Resolves once everything queued so far is written (not necessarily on the platter). */
	async flush(): Promise<void> {
		await this.#tail;
		this.#throwIfFailed();
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		try {
			await this.#sync();
		} finally {
			await this.#handle.close();
		}
	}

	#queue(text: string): void {
		this.#pending.push(text);
		// Stryker disable next-line ConditionalExpression: a second chained #writePending finds #pending empty and writes nothing; the flag only spares promise hops
		if (this.#writeScheduled) return;
		this.#writeScheduled = true;
		this.#tail = this.#tail.then(() => this.#writePending());
	}

	async #writePending(): Promise<void> {
		this.#writeScheduled = false;
		const chunk = Buffer.from(this.#pending.join('')); // UTF-8, Buffer.from's default
		this.#pending = [];
		// After a failed write the file may end mid-line; adding more would only bury the damage.
		if (this.#failure) return;
		try {
			let offset = 0;
			while (offset < chunk.length) {
				const {bytesWritten} = await this.#handle.write(chunk, offset, chunk.length - offset);
				offset += bytesWritten;
			}
		} catch (error) {
			this.#failure = asError(error);
		}
	}

	/**
	 * One fsync for every caller that asks while it is still waiting its turn (group commit): it first
	 * writes whatever is queued by then, so it covers them all. A run with hundreds of accounts submits
	 * many scenes a second, each synced before and after its call (docs/design.md §3).
	 */
	async #sync(): Promise<void> {
		let synced = this.#nextSync;
		if (synced === undefined) {
			synced = this.#tail.then(async () => {
				this.#nextSync = undefined;
				await this.#writePending();
				if (this.#failure) return;
				try {
					await this.#handle.sync();
				} catch (error) {
					this.#failure = asError(error);
				}
			});
			this.#nextSync = synced;
			this.#tail = synced;
		}
		await synced;
		this.#throwIfFailed();
	}

	#throwIfFailed(): void {
		if (this.#failure) throw new Error(`cannot write the journal: ${this.#failure.message}`);
	}
}

async function endsWithNewline(path: string, handle: FileHandle): Promise<boolean> {
	const {size} = await handle.stat();
	if (size === 0) return true;
	// The append handle cannot read; a second, read-only one looks at the last byte.
	const reader = await open(path, 'r');
	try {
		const last = Buffer.alloc(1);
		await reader.read(last, 0, 1, size - 1);
		return last[0] === 0x0a;
	} finally {
		await reader.close();
	}
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

/**
 * Reads a journal back. A torn last line (a kill mid-write) or any other unreadable line is skipped
 * and its 1-based line number reported: losing one event beats refusing to resume.
 */
export async function readJournal(outDir: string): Promise<{events: RunEvent[]; skippedLines: number[]}> {
	let text: string;
	try {
		text = await readFile(journalPath(outDir), 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {events: [], skippedLines: []};
		throw error;
	}
	const events: RunEvent[] = [];
	const skippedLines: number[] = [];
	const lines = text.split('\n');
	lines.forEach((line, index) => {
		if (line.trim() === '') return;
		const event = parseEvent(line);
		if (event) events.push(event);
		else skippedLines.push(index + 1);
	});
	return {events, skippedLines};
}

/**
 * Reduces a journal into the state a resumed run starts from. A scene caught in `submitting` had its
 * submit sent but no answer recorded: it may exist in Flow, so it becomes in-doubt, never re-queued.
 */
export function replay(initial: RunState, events: RunEvent[]): RunState {
	let state = events.reduce(reduceRun, initial);
	const ts = events.at(-1)?.ts ?? 0;
	for (const scene of state.scenes) {
		if (scene.state !== 'submitting') continue;
		state = reduceRun(state, {
			type: 'scene.state',
			ts,
			scene: scene.index,
			id: scene.id,
			state: 'in-doubt',
			attempt: scene.attempt,
			account: scene.account,
			projectId: scene.projectId,
			error: inDoubtError,
		});
	}
	return state;
}

// ---- validation: the reducer trusts its input, so a line must look like the event it claims to be ----

const healths = new Set(['ok', 'refreshing', 'auth-failed', 'quota-exhausted', 'cooling-down']);
const mediaStates = new Set(['generating', 'ready', 'downloading', 'downloaded', 'failed', 'abandoned']);
const sceneStateSet = new Set<string>(sceneStates);

type Fields = Record<string, unknown>;

const isString = (value: unknown): value is string => typeof value === 'string';
// Number.isFinite is false for anything but a finite number (no coercion), and JSON reads 1e999 as Infinity.
const isNumber = (value: unknown): value is number => Number.isFinite(value);
const isIndex = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;
const isOptional = (value: unknown, check: (value: unknown) => boolean): boolean =>
	value === undefined || check(value);
// `?.`: an item may be null; one with a string `name` is an object. No other value has the fields.
const isMediaList = (value: unknown): boolean =>
	Array.isArray(value) && value.every((item) => isString(item?.name) && isNumber(item.copy));

const validators: Record<string, (event: Fields) => boolean> = {
	'run.start': (e) =>
		isString(e.runId) &&
		typeof e.resumed === 'boolean' &&
		isNumber(e.scenes) &&
		Array.isArray(e.accounts) &&
		e.accounts.every(isString),
	'run.plan': (e) => Array.isArray(e.accounts) && isNumber(e.totalCost),
	'account.state': (e) => isString(e.account) && healths.has(e.health as string),
	'scene.state': (e) =>
		isIndex(e.scene) &&
		isString(e.id) &&
		sceneStateSet.has(e.state as string) &&
		isIndex(e.attempt) &&
		isOptional(e.account, isString) &&
		isOptional(e.projectId, isString) &&
		isOptional(e.error, isString) &&
		isOptional(e.batchId, isString) &&
		isOptional(e.media, isMediaList),
	'media.state': (e) =>
		isIndex(e.scene) && isIndex(e.attempt) && isString(e.name) && mediaStates.has(e.state as string),
	'run.paused': (e) => typeof e.paused === 'boolean',
	'run.stopping': (e) => typeof e.now === 'boolean',
	'run.end': (e) =>
		isNumber(e.done) &&
		isNumber(e.failed) &&
		isNumber(e.skipped) &&
		isNumber(e.inDoubt) &&
		isNumber(e.durationMs),
};

function parseEvent(line: string): RunEvent | undefined {
	let fields: Fields;
	try {
		// A line may hold any JSON value. Null becomes {}; no other non-object has a `type` string.
		fields = JSON.parse(line) ?? {};
	} catch {
		return undefined;
	}
	if (!isString(fields.type) || !isNumber(fields.ts)) return undefined;
	const valid = Object.hasOwn(validators, fields.type) ? validators[fields.type] : undefined;
	return valid?.(fields) ? (fields as unknown as RunEvent) : undefined;
}
