/**
 * The items of a flow.google.com generate call, by what its video is made from (docs/protocol-flow.md
 * §2): text (`YhhmEf`), reference images (`MZZa6b`), a start frame (`eb1hJf`), or a start and an end
 * frame (`nprQif`). Every item opens with the prompt block and closes with the metadata slot of two
 * client UUIDs; the key and the aspect sit between, and the images where each RPC wants them. Pure:
 * no I/O.
 */
import {FlowError} from '../../errors/index.js';
import {requestMode} from '../../request-mode.js';
import type {GenerateRequest} from '../../types.js';
import {flowRpc} from './rpc-ids.js';

export type FlowGenerateMode = 'text' | 'references' | 'frames' | 'frames-last';

/** The RPC that makes each kind of video. */
export const rpcOfMode: Readonly<Record<FlowGenerateMode, string>> = {
	text: flowRpc.generate,
	references: flowRpc.generateFromReferences,
	frames: flowRpc.generateFromStartImage,
	'frames-last': flowRpc.generateFromStartAndEndImage,
};

/**
 * The crop of a start frame alone: FK-ext's `FULL_FRAME_CROP` (public file 68427272937), as
 * `[top, left, bottom, right]` (BOQ-ops, public file 67377772598, computes it from the image and the
 * video's aspect; flowdeck does not read image sizes and sends FK-ext's default, a GUESS).
 */
export const fullFrameCrop: readonly unknown[] = [null, 0.0038759689922481244, 1, 0.9961240310077519];

/**
 * The crop both frames of `nprQif` carry, by the video's orientation: FK-ext's
 * `INTERPOLATION_CROP_PORTRAIT` / `_LANDSCAPE`, "captured from Frames mode".
 */
export const interpolationCrops: Readonly<Record<'portrait' | 'landscape', readonly unknown[]>> = {
	portrait: [null, 0.078125, 1, 0.921875],
	landscape: [0.3125, null, 0.6875, 1],
};

/**
 * What a request makes its video from on this wire, or why it cannot be sent. A clip to extend is
 * refused: `fZytfe` continues a clip inside a scene made first with `rqZuUc` (BOQ-ops `extend_video`,
 * public file 67377772598), a call no other source shows (docs/protocol-flow.md §2). A request that
 * mixes modes is refused by requestMode (labs/request-mode.ts), the same on both wires.
 */
export function flowGenerateMode(request: GenerateRequest): FlowGenerateMode {
	const mode = requestMode(request);
	if (mode !== 'extend') return mode;
	throw new FlowError(
		'protocol',
		'extending a clip is not built on the flow wire: its call (fZytfe) needs a scene made first, in a shape no public source shows',
		{code: 'EXTEND_UNSUPPORTED'},
	);
}

/** A frame slot: `[null, "<uploaded image id>", null, null, null, <crop>]` (FK-ext, BOQ-ops `frame`). */
const frame = (mediaId: string, crop: readonly unknown[]): unknown[] => [
	null,
	mediaId,
	null,
	null,
	null,
	[...crop],
];

/**
 * One item (one copy) of a generate call:
 * - text `[prompt, key, aspect, null, meta]` (CAPTURED, AFC 2026-09-24/25);
 * - references `[prompt, [[null, id], …], key, aspect, null, meta]` (CAPTURED, AFC 2026-09-25);
 * - start frame `[prompt, key, aspect, null, frame(start), meta]` (FK-ext `video_request`);
 * - start + end `[prompt, key, aspect, null, frame(start), frame(end), meta]` (FK-ext
 *   `interpolation_request`: both with the same crop), meta = `[null,null,null,null,UUID,UUID]`.
 */
export function generateItem(
	mode: FlowGenerateMode,
	request: GenerateRequest,
	key: string,
	aspect: number,
	meta: [string, string],
): unknown[] {
	const prompt = [null, null, [[[request.prompt]]]];
	const metadata = [null, null, null, null, ...meta];
	// The mode is read from the request (flowGenerateMode): the images it names are there.
	const {references, startImage, endImage} = request;
	switch (mode) {
		case 'text':
			return [prompt, key, aspect, null, metadata];
		case 'references':
			return [prompt, references!.map((id) => [null, id]), key, aspect, null, metadata];
		case 'frames':
			return [prompt, key, aspect, null, frame(startImage!, fullFrameCrop), metadata];
		case 'frames-last': {
			const crop = interpolationCrops[request.aspect === '9:16' ? 'portrait' : 'landscape'];
			return [prompt, key, aspect, null, frame(startImage!, crop), frame(endImage!, crop), metadata];
		}
	}
}
