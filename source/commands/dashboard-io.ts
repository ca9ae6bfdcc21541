import {importDashboard} from '../dashboard-entry.js';
import type {Io} from '../run/io.js';
import type {RunOptions} from '../run/options.js';
import type {Session} from '../run/session.js';

let dashboardModule: Promise<typeof import('../ui/dashboard.js')> | undefined;

/** The Ink dashboard, loaded only when a terminal will show it: a headless run never loads React. */
export function loadDashboard(env: NodeJS.ProcessEnv): Promise<typeof import('../ui/dashboard.js')> {
	// Chalk reads this when Ink first loads it; the theme already asks for no colour (NO_COLOR).
	if (env.NO_COLOR) process.env.FORCE_COLOR = '0';
	dashboardModule ??= importDashboard();
	return dashboardModule;
}

export async function showDashboard(session: Session, options: RunOptions, io: Io): Promise<number> {
	const [{runDashboard}, {finalExitCode}] = await Promise.all([
		loadDashboard(io.env),
		import('../run/report/report.js'),
	]);
	return runDashboard(
		{
			pipeline: session.pipeline,
			start: session.start,
			outDir: session.outDir,
			sceneFile: session.run.sceneFile,
		},
		{
			env: io.env,
			ascii: options.ascii,
			onInterrupt: io.onInterrupt,
			exitCode: (state, interrupted) => finalExitCode(state, interrupted, session.pipeline.noUsableAccount),
		},
	);
}
