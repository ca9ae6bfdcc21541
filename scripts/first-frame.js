// A dashboard frame drawn with no terminal there: a keyboard that never types and a 120×40 (or any
// size) screen that hands over what Ink writes up to its first frame. Used by the build
// (dashboard-code-cache.js), the tests and the benchmarks.
import {EventEmitter} from 'node:events';
import {Writable} from 'node:stream';

/** stdin as Ink needs it for raw keys, with no keys ever pressed. */
export class FakeStdin extends EventEmitter {
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

/**
 * Draws the first frame of a made-up run that has not started: `prompts` as scenes, spread over
 * `accounts` (by default the run the build draws for its code cache, which the benchmark times).
 * Calls `onFrame(text)` with everything Ink wrote up to and including the frame (it opens a
 * synchronized update and hides the cursor in writes of their own first).
 */
export function drawFirstFrame({
	runDashboard,
	Pipeline,
	prompts = Array.from({length: 30}, (_, i) => `scene ${i + 1}`),
	accounts = ['one', 'two', 'three'],
	columns = 120,
	rows = 40,
	onFrame,
}) {
	let written = '';
	const screen = new (class extends Writable {
		isTTY = true;
		columns = columns;
		rows = rows;
		_write(chunk, _encoding, callback) {
			callback();
			written += String(chunk);
			if (String(chunk).includes('flowdeck')) onFrame(written);
		}
	})();
	const pipeline = new Pipeline({
		outDir: '/nonexistent',
		scenes: prompts.map((prompt, i) => ({
			index: i + 1,
			id: String(i + 1),
			prompt,
			aspect: '16:9',
			model: 'veo_3_1_t2v_fast',
			copies: 1,
		})),
		accounts: accounts.map((name) => ({client: {name, transportKind: 'labs'}, maxInFlight: 2})),
	});
	return runDashboard(
		{pipeline, start: () => new Promise(() => {}), outDir: './out', sceneFile: 'scenes.txt'},
		{env: {LANG: 'en_US.UTF-8'}, ascii: false, exitCode: () => 0, stdin: new FakeStdin(), stdout: screen},
	);
}
