/**
 * Finding a submit whose answer was lost. A generate call spends credits, so one whose answer never
 * arrived must not simply be sent again; but the project contents RPC `Zzl0ze` lists every media of a
 * project beside the batch id its generate call sent in the trace slot, so the call can be looked up
 * instead (docs/wire-captures.md; the captured answer is
 * test/fixtures/wire/flow/Zzl0ze_project-contents.excerpt.json). Pure but for the look-up loop,
 * which only sleeps between the calls it is handed.
 */
import {FlowError} from '../../errors/index.js';
import type {MediaRef, SubmitResult} from '../../types.js';
import {xsrfRefusedCode} from '../transport.js';
import {wireChanged} from './batchexecute.js';
import {type FlowHeading, type FlowRecord, findRecords, list, readHeadings, readRecord} from './record.js';

export const projectContentsRpc = 'Zzl0ze';

/** `["projects/<pid>", null, null, null, [1]]` as FB/FK send it (not captured). */
export function buildProjectContentsPayload(projectId: string): unknown[] {
	return [`projects/${projectId}`, null, null, null, [1]];
}

export type ProjectContents = {headings: FlowHeading[]; records: FlowRecord[]};

function show(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/**
 * Captured as `[null, [heading, …], [record, …]]`. Slots it does not know are left alone: only an
 * answer that is not a list at all is a changed wire (an empty project may well leave both lists out).
 */
export function parseProjectContents(payload: unknown): ProjectContents {
	const values = list(payload);
	if (!values) throw wireChanged(show(payload), projectContentsRpc);
	return {headings: readHeadings(values[1]), records: findRecords(values[2]).map(readRecord)};
}

/** An upsample is listed as a media of its own (`<mediaId>_upsampled`), never as a generate's output. */
const isUpsample = (mediaId: string): boolean => mediaId.endsWith('_upsampled');

/**
 * The media one generate call made, in the order the project lists them; undefined when none carry
 * the batch id. Headings without a batch id (uploads, older media) never match: guessing by prompt
 * could adopt another scene's videos.
 */
export function mediaOfBatch(
	contents: ProjectContents,
	batchId: string,
	projectId: string,
): MediaRef[] | undefined {
	// Case-blind: the page sends upper case, but ids from the labs era in the same list are lower case.
	const wanted = batchId.toUpperCase();
	const media: MediaRef[] = [];
	for (const heading of contents.headings) {
		if (heading.batchId?.toUpperCase() !== wanted || heading.mediaId === undefined) continue;
		if (isUpsample(heading.mediaId)) continue;
		media.push({name: heading.mediaId, projectId: heading.projectId ?? projectId});
	}
	return media.length > 0 ? media : undefined;
}

/** Look-ups within the grace period: one at once, the rest spaced evenly up to its end. */
const lookupTries = 4;

/** A pause that a closing transport cuts short (rejecting), so no look-up outlives its account's run. */
const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
	new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', stop);
			resolve();
		}, ms);
		const stop = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};
		signal?.addEventListener('abort', stop, {once: true});
	});

/**
 * Asks `find` until it finds something or the grace period is over. A server may list a media a
 * moment after it accepted the call, so one miss right after a lost answer proves little.
 */
export async function lookUpBatch(
	find: () => Promise<MediaRef[] | undefined>,
	graceMs: number,
	pause: (ms: number) => Promise<void> = sleep,
	signal?: AbortSignal,
): Promise<MediaRef[] | undefined> {
	const tries = graceMs > 0 ? lookupTries : 1;
	for (let attempt = 1; ; attempt++) {
		const found = await find();
		if (found) return found;
		if (attempt >= tries) return undefined;
		if (signal?.aborted) throw signal.reason;
		await (pause === sleep ? sleep(graceMs / (lookupTries - 1), signal) : pause(graceMs / (lookupTries - 1)));
	}
}

/** The code flow.ts gives a write that met an xsrf challenge. */
export const xsrfChallengeCode = 'XSRF';

/**
 * What a generate call whose answer was lost (`lost.ambiguous`) comes to: the media it made, found
 * by its batch id; else, for an xsrf challenge, a plain refusal (the server checks `at` before it
 * does anything, so a challenged call that left no media never ran and is safe to send again); else
 * still in doubt. A look-up that fails proves nothing either way, so the call stays in doubt.
 */
export async function settleLostSubmit(
	lost: FlowError,
	find: () => Promise<MediaRef[] | undefined>,
	graceMs: number,
	signal?: AbortSignal,
): Promise<SubmitResult> {
	let found: MediaRef[] | undefined;
	try {
		found = await lookUpBatch(find, graceMs, sleep, signal);
	} catch {
		throw lost;
	}
	// The balance after the charge came with the lost answer; the next status or credits call says it.
	if (found) return {media: found};
	if (lost.code === xsrfChallengeCode) {
		throw new FlowError(
			'transient',
			'flow.google.com challenged the submit (xsrf) and nothing of it is in the project: it was refused before it ran',
			{code: xsrfRefusedCode},
		);
	}
	throw lost;
}
