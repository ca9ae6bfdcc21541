/**
 * The batchexecute RPCs the flow.google.com stand-in serves (docs/protocol-flow.md §2): credits,
 * create project, text-to-video, status and media URL, on the shared accounts, projects and media.
 * Refusals use the null-payload-with-code form; another account's project or media is a plain
 * NOT_FOUND, as on the labs side.
 */

import type {AccountState} from '../shared/accounts.js';
import type {Ctx} from '../shared/http-util.js';
import type {World} from '../shared/world.js';
import {projectContents} from './contents.js';
import {generate} from './generate.js';
import {mediaUrl, status} from './media-status.js';
import {dig} from './payload.js';
import {creditsPayload} from './records.js';
import {answer, type RpcAnswer} from './rpc-answer.js';
import {codeEntry, dataEntry} from './wire.js';

type Handler = (world: World, ctx: Ctx, account: AccountState, payload: unknown) => RpcAnswer;

function credits(world: World, _ctx: Ctx, account: AccountState): RpcAnswer {
	world.state.settle();
	return answer(dataEntry('nzlxg', creditsPayload(account.credits, account.tier)));
}

function createProject(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer {
	const title = dig(payload, 1, 1, 0);
	if (dig(payload, 0) !== 'projects/*' || typeof title !== 'string') return answer(codeEntry('jHPbke', 3));
	const project = world.state.createProject(account.name, title);
	ctx.record.projectIds.push(project.id);
	const seconds = Math.floor(project.createdAt / 1000);
	return answer(dataEntry('jHPbke', [[project.id, [null, [project.title]], null, [seconds, 0]]]));
}

export const flowRpcs: Record<string, Handler> = {
	nzlxg: credits,
	jHPbke: createProject,
	YhhmEf: generate,
	jwpduf: status,
	as29s: mediaUrl,
	Zzl0ze: projectContents,
};
