/**
 * What a generate request makes its video from, read once for both wires: text, a start frame, a
 * start and an end frame, reference images, or a clip to extend (docs/protocol-labs.md §3.5,
 * docs/protocol-flow.md §2). A request that mixes them is a caller's bug, refused before anything is
 * sent: a body the server half-reads could make, and charge for, another video. Pure.
 */
import {FlowError} from './errors/index.js';
import type {VideoMode} from './mode-models.js';
import type {GenerateRequest} from './types.js';

/** Flow takes 1-3 reference images per video (docs/protocol-flow.md §2, MZZa6b). */
export const maxReferences = 3;

const badRequest = (message: string) => new FlowError('protocol', message, {code: 'BAD_REQUEST'});

export function requestMode(request: GenerateRequest): VideoMode {
	const {references, startImage, endImage, extend} = request;
	if (extend !== undefined) {
		// An extend's item has no image slot: images sent beside the clip would be dropped or refused.
		if (references !== undefined || startImage !== undefined || endImage !== undefined) {
			throw badRequest('a clip to extend cannot go with images');
		}
		return 'extend';
	}
	if (endImage !== undefined && startImage === undefined)
		throw badRequest('an end frame needs a start frame');
	if (references !== undefined) {
		if (startImage !== undefined) throw badRequest('reference images cannot go with frames');
		if (references.length === 0 || references.length > maxReferences) {
			throw badRequest(`references must be 1 to ${maxReferences} image ids (got ${references.length})`);
		}
		return 'references';
	}
	if (startImage !== undefined) return endImage === undefined ? 'frames' : 'frames-last';
	return 'text';
}
