import type {Entry} from './wire.js';

export type RpcAnswer =
	| {entry: Entry}
	/** The call did its work, but its reply never reaches the client (dropSubmitReply). */
	| {drop: true};

export const answer = (entry: Entry): RpcAnswer => ({entry});
