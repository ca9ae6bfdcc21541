// Time to the dashboard's first frame in a fresh process: cold import() of the pipeline and the
// dashboard (as the CLI loads it, dist/dashboard-entry.js: the bundle, from V8's code cache), a 1,000-scene run
// that has not started yet, runDashboard into a fake 120×40 terminal.
// Sends performance.now() (ms since this process began) at the first byte Ink writes.
import {Writable} from 'node:stream';
import {FakeStdin, reply, replyError, sceneSpecs} from './common.js';

class FirstFrame extends Writable {
	isTTY = true;
	columns = 120;
	rows = 40;
	_write(_chunk, _encoding, callback) {
		callback();
		reply({firstFrameMs: performance.now()});
	}
}

async function main() {
	const {importDashboard} = await import('../dist/dashboard-entry.js');
	const [{Pipeline}, {runDashboard}] = await Promise.all([
		import('../dist/core/pipeline/index.js'),
		importDashboard(),
	]);
	const names = Array.from({length: 10}, (_, i) => `acc${i + 1}`);
	const pipeline = new Pipeline({
		outDir: '/nonexistent',
		scenes: sceneSpecs(1000, 2),
		accounts: names.map((name) => ({client: {name, transportKind: 'labs'}, maxInFlight: 4})),
	});
	await runDashboard(
		{pipeline, start: () => new Promise(() => {}), outDir: './flowdeck-out', sceneFile: 'scenes.txt'},
		{
			env: {LANG: 'en_US.UTF-8'},
			ascii: false,
			exitCode: () => 0,
			stdin: new FakeStdin(),
			stdout: new FirstFrame(),
		},
	);
}

main().catch(replyError);
