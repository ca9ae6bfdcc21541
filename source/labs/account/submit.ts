import {randomUUID} from 'node:crypto';
import {FlowError} from '../errors/index.js';
import type {GenerateRequest, SubmitResult} from '../types.js';
import {xsrfRefusedCode} from '../wire/transport.js';

/**
 * Sends a generate call under a batch id of its own, and once more under the same id when the server
 * refused it before running it. Any other failure (a lost answer included) is the caller's.
 */
export async function generateWithRefusalRetry(
	request: GenerateRequest,
	generate: (sent: GenerateRequest) => Promise<SubmitResult>,
): Promise<SubmitResult> {
	// Every attempt carries the same id, so whichever one ran is the one found in the project.
	const sent = request.batchId === undefined ? {...request, batchId: randomUUID().toUpperCase()} : request;
	try {
		return await generate(sent);
	} catch (error) {
		if (!(error instanceof FlowError) || error.code !== xsrfRefusedCode) throw error;
		// Nothing ran and the captcha token went with the refused call (tokens are single use).
		return generate(sent);
	}
}
