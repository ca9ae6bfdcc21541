/**
 * Tolerant readers of the `nzlxg`, `jHPbke` and `YhhmEf` answers: the balance and tier, the new
 * project's id, and the media a generate call started. Positional JSPB arrays, as every capture shows
 * them (docs/wire-captures.md; the captured bytes are in test/fixtures/wire/flow). The record the
 * answers share is read in wire/flow/record.ts. Pure: no I/O.
 */
import type {CreditsInfo, MediaRef, SubmitResult} from '../../types.js';
import {wireChanged} from './batchexecute.js';
import {show, unreadable} from './payload-unreadable.js';
import {balanceOf, findRecords, list, readHeadings, readRecord} from './record.js';
import {flowRpc} from './rpc-ids.js';

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The first UUID in any string of a value, depth first (`"projects/<uuid>"` included). */
function firstUuid(value: unknown, depth = 0): string | undefined {
	if (typeof value === 'string') return uuidPattern.exec(value)?.[0];
	if (!Array.isArray(value) || depth > 8) return undefined;
	for (const item of value) {
		const found = firstUuid(item, depth + 1);
		if (found) return found;
	}
	return undefined;
}

/**
 * Captured `nzlxg` tier values by paygate tier. GUESS: only 2 was captured, on an account with 1,050
 * credits (a Pro-sized balance); 1 and 3 are read by their order.
 */
const tierOfCode: Record<number, string> = {
	1: 'PAYGATE_TIER_NOT_PAID',
	2: 'PAYGATE_TIER_ONE',
	3: 'PAYGATE_TIER_TWO',
};

/**
 * `nzlxg`, captured as `[1050,1,2,2,null,1050]`: the balance at 0 (and again at 5), the tier at 3.
 * JSPB leaves a zero out, so a missing balance is 0; anything but a list, or a balance that is not a
 * count, is a changed wire.
 */
export function parseCreditsPayload(payload: unknown): CreditsInfo {
	const values = list(payload);
	if (!values) throw wireChanged(show(payload), flowRpc.credits);
	const balance = values[0] ?? values[5] ?? 0;
	// A count, as every balance the client reads (balanceOf): 0.5 or 1e400 is not a balance.
	if (typeof balance !== 'number' || !Number.isInteger(balance) || balance < 0) {
		throw wireChanged(show(payload), flowRpc.credits);
	}
	const named = values.find((value) => typeof value === 'string' && value.startsWith('PAYGATE_TIER_'));
	const coded = typeof values[3] === 'number' ? tierOfCode[values[3]] : undefined;
	// Without a tier, F2A-cur's rule: an account with credits is a paying one.
	const tier =
		(named as string | undefined) ?? coded ?? (balance > 0 ? 'PAYGATE_TIER_ONE' : 'PAYGATE_TIER_NOT_PAID');
	return {credits: balance, tier};
}

/** `jHPbke`: the new project's id, wherever the answer puts it (F2A-cur looks for the UUID too). */
export function parseCreateProjectPayload(payload: unknown): string {
	const id = firstUuid(payload);
	if (id === undefined) throw unreadable(payload, flowRpc.createProject);
	return id.toLowerCase();
}

/**
 * `YhhmEf`, captured as `[null, <balance after the charge>, [heading, …], [record, …]]`, and `MZZa6b`
 * the same. The media ids are the records' slot 0, in request order; the headings (whose FIRST id is
 * the workflow, the media id being inside at [3][4]) are the fallback when no record came. `eb1hJf`
 * and `nprQif` answer in that shape too (FK-ext `read_interpolation_operation`: the record at
 * payload[3][0]; BOQ-client `_submit`, public file 67258467479, reads every video submit so), and
 * `rpc` names the call in a sample of an answer flowdeck cannot read.
 */
export function parseGeneratePayload(
	payload: unknown,
	projectId: string,
	rpc: string = flowRpc.generate,
): SubmitResult {
	const media: MediaRef[] = findRecords(list(payload)?.[3]).map((record) => {
		const read = readRecord(record);
		return {name: read.mediaId, projectId: read.projectId ?? projectId};
	});
	if (media.length === 0) {
		for (const heading of readHeadings(list(payload)?.[2])) {
			if (heading.mediaId !== undefined) {
				media.push({name: heading.mediaId, projectId: heading.projectId ?? projectId});
			}
		}
	}
	if (media.length === 0) throw unreadable(payload, rpc);
	const result: SubmitResult = {media};
	const balance = balanceOf(payload);
	if (balance !== undefined) result.remainingCredits = balance;
	return result;
}
