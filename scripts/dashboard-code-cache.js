// Run by scripts/bundle-dashboard.js in a fresh Node.js: compiles the bundle as function
// (dist/ui/dashboard.bundle.script.js), draws one dashboard frame of a made-up run into a terminal
// that is not there, then writes the code V8 compiled for it, the functions of that frame included,
// to dist/ui/dashboard.bundle.cache (read by source/dashboard-script.ts).
import {EventEmitter} from 'node:events';
import {writeFileSync} from 'node:fs';
import {Writable} from 'node:stream';

const ui = new URL('../dist/ui/', import.meta.url);
const {compileDashboardScript, bundleCodeCacheName} = await import('../dist/dashboard-script.js');
const {Pipeline} = await import('../dist/core/pipeline.js');

class Keyboard extends EventEmitter {
	isTTY = true;
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
	read() {
		return null;
	}
}

const compiled = compileDashboardScript(ui);
if (!compiled) throw new Error('no dist/ui/dashboard.bundle.script.js');
const {runDashboard} = await compiled.run();

const screen = new (class extends Writable {
	isTTY = true;
	columns = 120;
	rows = 40;
	_write(_chunk, _encoding, callback) {
		callback();
		writeFileSync(new URL(bundleCodeCacheName, ui), compiled.script.createCachedData());
		process.exit(0);
	}
})();

const accounts = ['one', 'two', 'three'];
const pipeline = new Pipeline({
	outDir: '/nonexistent',
	scenes: Array.from({length: 30}, (_, i) => ({
		index: i + 1,
		id: String(i + 1),
		prompt: `scene ${i + 1}`,
		aspect: '16:9',
		model: 'veo_3_1_t2v_fast',
		copies: 1,
	})),
	accounts: accounts.map((name) => ({client: {name, transportKind: 'labs'}, maxInFlight: 4})),
});
setTimeout(() => {
	process.stderr.write('the dashboard drew no frame in 10 s\n');
	process.exit(1);
}, 10_000);
await runDashboard(
	{pipeline, start: () => new Promise(() => {}), outDir: './out', sceneFile: 'scenes.txt'},
	{env: {LANG: 'en_US.UTF-8'}, ascii: false, exitCode: () => 0, stdin: new Keyboard(), stdout: screen},
);
