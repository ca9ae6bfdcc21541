/**
 * The batchexecute RPCs the flow.google.com stand-in serves (docs/protocol-flow.md §2): credits,
 * create project, text-to-video, the image upload and the videos from images, status, media URL and
 * project contents, on the shared accounts, projects and media. Refusals use the null-payload-with-code
 * form; another account's project or media is a plain NOT_FOUND, as on the labs side. Extend (`fZytfe`,
 * which BOQ-ops, public file 67377772598, sends only after making a scene) and upscale (`p0UkFb`, whose
 * slots public files 68427272937, 67377772598 and 70867524615 fill differently) are not served: they
 * answer as any unknown RPC does.
 */

import type {AccountState} from '../shared/accounts.js';
import type {Ctx} from '../shared/http-util.js';
import type {World} from '../shared/world.js';
import {projectContents} from './contents.js';
import {generate} from './generate.js';
import {fromReferences, fromStartAndEndFrames, fromStartFrame} from './image-calls.js';
import {mediaUrl, status} from './media-status.js';
import {dig} from './payload.js';
import {creditsPayload} from './records.js';
import {answer, type RpcAnswer} from './rpc-answer.js';
import {upload} from './upload.js';
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
	maseQ: upload,
	MZZa6b: fromReferences,
	eb1hJf: fromStartFrame,
	nprQif: fromStartAndEndFrames,
	jwpduf: status,
	as29s: mediaUrl,
	Zzl0ze: projectContents,
};
