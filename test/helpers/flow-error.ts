import {expect} from 'vitest';
import {FlowError} from '../../source/labs/errors/index.js';

/** The FlowError a call throws; fails the test when it throws something else or nothing. */
export function thrownFlowError(call: () => unknown): FlowError {
	try {
		call();
	} catch (error) {
		expect(error).toBeInstanceOf(FlowError);
		return error as FlowError;
	}
	throw new Error('expected a FlowError, nothing was thrown');
}

/** The FlowError a promise rejects with; fails the test when it rejects with something else or resolves. */
export async function caughtFlowError(promise: Promise<unknown>): Promise<FlowError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(FlowError);
		return error as FlowError;
	}
	throw new Error('expected a FlowError, nothing was thrown');
}
