/**
 * Every frame the dashboard drew during a whole run, for the secret scans (secrets.test.ts and
 * secrets-flow.test.ts): the run's scenes list, and its details, table and help views walked by keys
 * while it goes.
 */
import {render} from 'ink-testing-library';
import {createElement} from 'react';
import {expect} from 'vitest';
import type {Pipeline} from '../../source/core/pipeline/index.js';
import {App} from '../../source/ui/App.js';
import {pipelineCommands} from '../../source/ui/commands.js';
import {createTheme} from '../../source/ui/theme.js';

export async function dashboardFramesOfRun(pipeline: Pipeline, outDir: string): Promise<string[]> {
	const app = render(
		createElement(App, {
			store: pipeline,
			commands: pipelineCommands(pipeline),
			theme: createTheme({color: false, ascii: false}),
			outDir,
			sceneFile: 'scenes.txt',
			size: {columns: 140, rows: 45},
			frameMs: 0,
		}),
	);
	// Walk the views while the run goes: details of the selected scene, the table, help.
	const keys = ['\r', 't', 't', '?', '?', 'j', '\r', 'l', '\r'];
	let pressed = 0;
	const presser = setInterval(() => app.stdin.write(keys[pressed++ % keys.length] ?? ''), 60);
	await pipeline.start().finally(() => clearInterval(presser));
	await new Promise((resolve) => setTimeout(resolve, 100));
	app.unmount();
	expect(app.frames.length).toBeGreaterThan(5);
	return app.frames;
}
