import type {RunEvent} from '../../core/events.js';
import {manifestInputs} from '../../core/manifest.js';
import type {RunState} from '../../core/run-state.js';
import {filesOf, takeFileOf} from '../../core/run-state.js';
import {modeOf} from '../../core/scenes/inputs.js';

/**
 * The public NDJSON stream (docs/design.md §4): only run.start, run.plan, account.state, scene.state,
 * take.chosen and run.end, with their documented fields. Built field by field so nothing else can slip out.
 */
function toPublicEvent(event: RunEvent, state: RunState): Record<string, unknown> | undefined {
	switch (event.type) {
		case 'run.start':
			return {
				ts: event.ts,
				type: event.type,
				runId: event.runId,
				resumed: event.resumed,
				scenes: event.scenes,
				accounts: event.accounts,
			};
		case 'run.plan':
			return {ts: event.ts, type: event.type, accounts: event.accounts, totalCost: event.totalCost};
		case 'account.state':
			return {
				ts: event.ts,
				type: event.type,
				account: event.account,
				transport: event.transport ?? state.accounts[event.account]?.transport ?? null,
				health: event.health,
				credits: event.credits ?? state.accounts[event.account]?.credits ?? null,
				...(event.until === undefined ? {} : {until: event.until}),
				...(event.reason === undefined ? {} : {reason: event.reason}),
			};
		case 'scene.state': {
			const scene = state.scenes[event.scene - 1];
			return {
				ts: event.ts,
				type: event.type,
				scene: event.scene,
				id: event.id,
				account: event.account ?? scene?.account ?? null,
				state: event.state,
				attempt: event.attempt,
				error: event.error ?? null,
				...(event.state === 'done' && scene ? {files: filesOf(scene)} : {}),
				// Only scenes made from more than their prompt: a text run's stream is as it always was.
				...(scene?.inputs === undefined
					? {}
					: {mode: modeOf(scene.inputs), inputs: manifestInputs(scene.inputs)}),
			};
		}
		case 'take.chosen': {
			const scene = state.scenes[event.scene - 1];
			return {
				ts: event.ts,
				type: event.type,
				scene: event.scene,
				id: scene?.id ?? null,
				copy: event.copy,
				by: event.by,
				// The chosen clip, as manifest.json's `chosen` names it.
				file: scene ? takeFileOf(scene, event.copy) : null,
			};
		}
		case 'run.end':
			return {
				ts: event.ts,
				type: event.type,
				done: event.done,
				failed: event.failed,
				skipped: event.skipped,
				inDoubt: event.inDoubt,
				durationMs: event.durationMs,
			};
		default:
			return undefined;
	}
}

export function ndjsonLine(event: RunEvent, state: RunState): string | undefined {
	const value = toPublicEvent(event, state);
	return value === undefined ? undefined : `${JSON.stringify(value)}\n`;
}
