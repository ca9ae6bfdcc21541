/**
 * `POST /v1/flow/uploadImage`: an image uploaded into one of the caller's projects, in the shapes
 * public clients show (F2A `upload_image`, GF `dto.py` AssetInfo, FK-fork; docs/protocol-labs.md
 * §3.5). The image is kept as a media of that account and project alone, which the frames and
 * references calls check their ids against; another account's project is "not found", as a foreign
 * project is everywhere else.
 */
import {randomUUID} from 'node:crypto';
import {type GoogleError, internal, invalidArgument, notFound} from '../shared/google-error.js';
import type {Ctx} from '../shared/http-util.js';
import {noteCrossAccount, type World} from '../shared/world.js';
import {authenticate, isError, readJson} from './api-auth.js';
import {uploadFault} from './upload-faults.js';

const imageTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

export async function uploadImage(world: World, ctx: Ctx): Promise<GoogleError | {body: unknown}> {
	const body = await readJson(ctx);
	const account = authenticate(world, ctx);
	if (isError(account)) return account;
	if (isError(body)) return body;
	const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
	const context = fields.clientContext as {projectId?: unknown} | undefined;
	const projectId = context?.projectId;
	const bytes = fields.imageBytes;
	if (typeof projectId !== 'string' || typeof bytes !== 'string' || bytes === '') {
		return invalidArgument('Request contains an invalid argument.');
	}
	const project = world.state.project(projectId);
	if (project && project.account !== account.name) noteCrossAccount(world, ctx);
	if (!project || project.account !== account.name) return notFound();
	const mimeType = fields.mimeType;
	if (typeof mimeType !== 'string' || !imageTypes.has(mimeType)) {
		return invalidArgument('Request contains an invalid argument.');
	}
	if (uploadFault(world, account.name)) return internal();
	const size = Buffer.from(bytes, 'base64').length;
	const {name} = world.state.addImage({account: account.name, projectId, mimeType, bytes: size});
	ctx.record.mediaNames.push(name);
	world.stats.uploads.push({account: account.name, projectId, mediaName: name, bytes: size, mimeType});
	return {
		body: {
			media: {name, projectId, workflowId: randomUUID(), image: {dimensions: {width: 1280, height: 720}}},
			workflow: {metadata: {displayName: typeof fields.fileName === 'string' ? fields.fileName : 'image'}},
		},
	};
}
