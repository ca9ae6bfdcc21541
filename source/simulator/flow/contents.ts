/**
 * `Zzl0ze`, the project contents, on the flow.google.com stand-in: every media of the calling
 * account's project, each with the batch id its generate call sent, which is how a client finds a
 * submit whose answer was lost. Shaped after
 * test/fixtures/wire/flow/Zzl0ze_project-contents.excerpt.json (docs/wire-captures.md):
 * `[null, [heading, …], [record, …]]`, headings and records in workflow id order as captured.
 */

import type {AccountState} from '../shared/accounts.js';
import type {Ctx} from '../shared/http-util.js';
import type {MediaState} from '../shared/media.js';
import {noteCrossAccount, videoSizeOf, type World} from '../shared/world.js';
import {heading, record} from './records.js';
import type {RpcAnswer} from './rpc-answer.js';
import {codeEntry, dataEntry} from './wire.js';

const rpc = 'Zzl0ze';

/** `["projects/<pid>", null, null, null, [1]]` as FB/FK send it: the project id, else undefined. */
function projectIdOf(payload: unknown): string | undefined {
	const name = Array.isArray(payload) ? payload[0] : undefined;
	if (typeof name !== 'string' || !name.startsWith('projects/')) return undefined;
	const id = name.slice('projects/'.length);
	return id === '' ? undefined : id;
}

export function projectContents(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer {
	const projectId = projectIdOf(payload);
	if (projectId === undefined) return {entry: codeEntry(rpc, 3)};
	ctx.record.projectIds.push(projectId);
	const project = world.state.project(projectId);
	if (project && project.account !== account.name) noteCrossAccount(world, ctx);
	if (!project || project.account !== account.name) return {entry: codeEntry(rpc, 5)};
	world.state.settle();
	const media = world.state
		.view(account.name)
		.media.map((name) => world.state.media(name))
		.filter((item): item is MediaState => item?.projectId === projectId)
		.sort((a, b) => (a.workflowId < b.workflowId ? -1 : a.workflowId > b.workflowId ? 1 : 0));
	// The captured records also carry lh3 thumbnail URLs; no client reads them from this answer.
	const records = media.map((item) =>
		record(item, {status: world.state.status(item), videoBytes: videoSizeOf(world, item.name)}),
	);
	return {entry: dataEntry(rpc, [null, media.map(heading), records])};
}
