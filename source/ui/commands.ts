import type {Pipeline} from '../core/pipeline/index.js';

/** What the dashboard may ask of a run; the pipeline's own commands plus the two ways out. */
export type DashboardCommands = {
	retry(scene: number): boolean;
	skip(scene: number): boolean;
	retryAllFailed(): number;
	/** Keeps take `copy` of a done scene (1–4); false when that take is not saved or the scene not done. */
	pick(scene: number, copy: number): boolean;
	pause(): void;
	resume(): void;
	/** `q`, confirmed: stop at once. The journal holds the state; `flowdeck resume` continues. */
	quit(): void;
	/** Ctrl-C, as in a headless run: the first stops submitting, the second stops at once. */
	interrupt(): void;
};

/** The commands of a live pipeline; `onStop` hears of a quit or Ctrl-C (the exit code is 130 then). */
export function pipelineCommands(pipeline: Pipeline, onStop: () => void = () => {}): DashboardCommands {
	return {
		retry: (scene) => pipeline.retry(scene),
		skip: (scene) => pipeline.skip(scene),
		retryAllFailed: () => pipeline.retryAllFailed(),
		pick: (scene, copy) => pipeline.pick(scene, copy),
		pause: () => pipeline.pause(),
		resume: () => pipeline.resume(),
		quit: () => {
			onStop();
			pipeline.stop({now: true});
		},
		interrupt: () => {
			onStop();
			pipeline.stop();
		},
	};
}
