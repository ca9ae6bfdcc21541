/**
 * `maseQ`, an image uploaded into one of the caller's projects on the flow.google.com stand-in, kept as
 * the labs upload keeps it (an image of that account and project alone), so MZZa6b, eb1hJf and nprQif
 * may name it. Request (FK-ext `upload_request`, public file 68427272937; F2A `upload_image`, public
 * file 70106387746): `[ctx, "<base64>", "<mime>", 1, null, null, null, null, "<fileName>", null, UUID,
 * UUID]`.
 */
import type {AccountState} from '../shared/accounts.js';
import type {Ctx} from '../shared/http-util.js';
import {noteCrossAccount, type World} from '../shared/world.js';
import {dig, isString} from './payload.js';
import {uploadPayload} from './records.js';
import {answer, type RpcAnswer} from './rpc-answer.js';
import {codeEntry, dataEntry} from './wire.js';

const rpc = 'maseQ';

const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

type TokenVerdict = {kind: 'none'} | {kind: 'bad-form'} | {kind: 'refused'} | {kind: 'spent'; token: string};

/**
 * What the token slot holds. Sources disagree on whether maseQ carries one (F2A and FK-ext put an
 * UPLOAD_IMAGE token in ctx[10]; BOQ-client, public file 67258467479, sends none): none is taken, but
 * one that is there is checked and spent as YhhmEf's is, and refused as there.
 */
function readToken(world: World, account: AccountState, context: unknown): TokenVerdict {
	const slot = dig(context, 10);
	if (slot === null || slot === undefined) return {kind: 'none'};
	const token = dig(slot, 0);
	if (!isString(token) || dig(slot, 1) !== 1) return {kind: 'bad-form'};
	return world.state.consumeCaptcha(account.name, token) === 'ok'
		? {kind: 'spent', token}
		: {kind: 'refused'};
}

export function upload(world: World, ctx: Ctx, account: AccountState, payload: unknown): RpcAnswer {
	const context = dig(payload, 0);
	const projectId = dig(context, 5);
	const base64 = dig(payload, 1);
	const mimeType = dig(payload, 2);
	if (dig(context, 1) !== 22 || !isString(projectId) || !isString(base64) || !isString(mimeType)) {
		return answer(codeEntry(rpc, 3));
	}
	ctx.record.projectIds.push(projectId);
	const project = world.state.project(projectId);
	if (project && project.account !== account.name) noteCrossAccount(world, ctx);
	if (!project || project.account !== account.name) return answer(codeEntry(rpc, 5));
	const bytes = Buffer.from(base64, 'base64').length;
	if (!imageTypes.has(mimeType) || bytes === 0) return answer(codeEntry(rpc, 3));
	const token = readToken(world, account, context);
	if (token.kind === 'bad-form') return answer(codeEntry(rpc, 3));
	if (token.kind === 'refused') return answer(codeEntry(rpc, 7, 'PUBLIC_ERROR_UNUSUAL_ACTIVITY'));
	const image = world.state.addImage({account: account.name, projectId, mimeType, bytes});
	ctx.record.mediaNames.push(image.name);
	world.stats.uploads.push({
		account: account.name,
		projectId,
		mediaName: image.name,
		bytes,
		mimeType,
		...(token.kind === 'spent' ? {captchaToken: token.token} : {}),
	});
	return answer(dataEntry(rpc, uploadPayload(image.name, projectId, image.createdAt, bytes)));
}
