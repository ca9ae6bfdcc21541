import type {AccountConfig} from '../config/accounts-file.js';
import type {Plan} from '../core/plan/index.js';
import type {CaptchaProvider} from '../labs/index.js';
import type {RunOptions} from './options.js';
import type {Session} from './session.js';

export type Io = {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	env: NodeJS.ProcessEnv;
	/** Registers the Ctrl-C handler; returns a function that removes it. */
	onInterrupt?: (handler: () => void) => () => void;
	/**
	 * Registers what to do once the reader of stdout has gone away (`… | head`; commands/stdout-closed.ts);
	 * returns a function that removes it.
	 */
	onStdoutClosed?: (handler: () => void) => () => void;
	/** Injected by the demo and tests. */
	captcha?: CaptchaProvider;
	/** The live dashboard (source/ui), loaded only when a terminal will show it. */
	dashboard?: (session: Session, options: RunOptions) => Promise<number>;
	/**
	 * The plan screen before a run starts (dashboard only, skipped by --yes): false ends the run
	 * before anything is submitted.
	 */
	confirmPlan?: (plan: Plan) => Promise<boolean>;
};

/** What the demo hands in instead of files: accounts held in memory. */
export type RunSources = {
	accounts?: AccountConfig[];
	/** The demo's simulated accounts: nothing generating was paid for. */
	simulated?: boolean;
};
