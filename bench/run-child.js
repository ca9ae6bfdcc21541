// One whole run in this process (journal, manifest, real account clients) against a simulator in
// another: `headless` reports NDJSON as `flowdeck run --json` does; `dashboard` renders runDashboard
// into a fake 120×40 terminal; `unthrottled` renders the same App on every store change, as Ink's
// plain full redraw (no frame limit, no incremental lines). Sends wall time, CPU time, the bytes
// written to the terminal and peak RSS.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {benchCaptcha, childInput, FakeStdin, peakRssMb, reply, replyError, sceneSpecs} from './common.js';

class FakeTerminal extends Writable {
	isTTY = true;
	bytes = 0;
	writes = 0;
	constructor(columns, rows) {
		super();
		this.columns = columns;
		this.rows = rows;
	}
	_write(chunk, _encoding, callback) {
		this.bytes += chunk.length;
		this.writes++;
		callback();
	}
}

async function main() {
	const input = childInput();
	const {openSession} = await import('../dist/run/session.js');
	const {createLabsAccountClient} = await import('../dist/labs/index.js');
	const captcha = await benchCaptcha();
	const clients = input.accounts.map((account) =>
		createLabsAccountClient({
			name: account.name,
			cookie: account.cookie,
			captcha,
			origins: {apiUrl: input.apiUrl, labsUrl: input.labsUrl, flowUrl: 'http://127.0.0.1:9'},
		}),
	);
	await Promise.all(clients.map((client) => client.prepare()));
	// When each account asked for statuses (bench/scale.js): a wrapper, so the pipeline is untouched.
	const statusCallTimes = {};
	if (input.timeStatusCalls) {
		for (const client of clients) {
			const times = [];
			statusCallTimes[client.name] = times;
			const status = client.status.bind(client);
			client.status = (media) => {
				times.push(performance.now());
				return status(media);
			};
		}
	}
	const outDir = await mkdtemp(join(tmpdir(), 'flowdeck-bench-'));
	const scenes = sceneSpecs(input.scenes, input.copies);
	const session = await openSession({
		outDir,
		clients,
		maxInFlight: () => input.maxInFlight,
		mode: 'parallel',
		pollIntervalMs: input.pollIntervalMs,
		submitGapMs: 0,
		start: {
			kind: 'new',
			run: {
				version: 1,
				runId: 'bench',
				createdAt: new Date().toISOString(),
				sceneFile: join(outDir, 'scenes.txt'),
				sceneHash: 'bench',
				settings: {
					model: 'veo_3_1_t2v_fast',
					aspect: '16:9',
					copies: input.copies,
					maxInFlight: input.maxInFlight,
					pollIntervalMs: input.pollIntervalMs,
					mode: 'parallel',
				},
				accounts: clients.map((client) => client.name),
				scenes,
			},
		},
	});
	const terminal = new FakeTerminal(input.columns ?? 120, input.rows ?? 40);
	const run = await runner(input.mode, session, terminal);
	const cpu0 = process.cpuUsage();
	const started = performance.now();
	// A window of the run only (the unthrottled redraw slows the whole run to a crawl).
	if (input.windowMs) setTimeout(() => session.pipeline.stop({now: true}), input.windowMs);
	const state = await run();
	const wallMs = performance.now() - started;
	const cpu = process.cpuUsage(cpu0);
	const result = {
		mode: input.mode,
		wallMs,
		cpuMs: (cpu.user + cpu.system) / 1000,
		ttyBytes: terminal.bytes,
		ttyWrites: terminal.writes,
		done: state.scenes.filter((scene) => scene.state === 'done').length,
		videos: state.scenes.reduce((sum, scene) => sum + scene.media.length, 0),
		peakRssMb: peakRssMb(),
		...(input.timeStatusCalls ? {statusCallTimes} : {}),
	};
	await rm(outDir, {recursive: true, force: true});
	reply(result);
}

async function runner(mode, session, terminal) {
	const {pipeline} = session;
	if (mode === 'headless') {
		const {ndjsonLine} = await import('../dist/run/report/ndjson.js');
		pipeline.on('event', (event) => {
			const line = ndjsonLine(event, pipeline.getSnapshot());
			if (line) terminal.write(line);
		});
		return () => session.start();
	}
	const theme = {env: {LANG: 'en_US.UTF-8'}, ascii: false};
	if (mode === 'dashboard') {
		// What the CLI loads: the bundle from V8's code cache when it is current (dist/dashboard-entry.js).
		const {importDashboard} = await import('../dist/dashboard-entry.js');
		const {runDashboard} = await importDashboard();
		return async () => {
			let state;
			const start = () =>
				session.start().then((ended) => {
					state = ended;
					return ended;
				});
			await runDashboard(
				{pipeline, start, outDir: session.outDir, sceneFile: session.run.sceneFile},
				{...theme, exitCode: () => 0, stdin: new FakeStdin(), stdout: terminal},
			);
			return state;
		};
	}
	// React's production build, as the dashboard loads it (the development one times and keeps every
	// render: 3-4x the CPU and a heap that grows by the frame).
	const {restoreNodeEnv} = await import('../dist/ui/react-production.js');
	const React = (await import('react')).default;
	const {render} = await import('ink');
	const {App} = await import('../dist/ui/App.js');
	const {pipelineCommands} = await import('../dist/ui/commands.js');
	const {createTheme, displayFromEnv} = await import('../dist/ui/theme.js');
	restoreNodeEnv();
	return async () => {
		const props = {
			store: pipeline,
			commands: pipelineCommands(pipeline, () => {}),
			theme: createTheme(displayFromEnv(theme.env, {ascii: false})),
			outDir: session.outDir,
			sceneFile: session.run.sceneFile,
			frameMs: 0,
		};
		const instance = render(React.createElement(App, props), {
			stdin: new FakeStdin(),
			stdout: terminal,
			exitOnCtrlC: false,
			patchConsole: false,
			maxFps: 0,
		});
		const state = await session.start();
		instance.rerender(React.createElement(App, {...props, final: {exitCode: 0}}));
		instance.unmount();
		await instance.waitUntilExit();
		return state;
	};
}

main().catch(replyError);
