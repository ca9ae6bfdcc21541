// `npm start`: the demo, `node dist/cli.js demo` (arguments after `npm start --` go to it). Before it,
// the build, but only when something it is made of changed since the last one (build.js): a rebuild of
// everything took longer than the demo takes to show, and said nothing meanwhile.
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {build, root, stale} from './build.js';
import {buildingMessage} from './build-plan.js';

if (stale()) {
	// One line on stderr, with the errors of a failed build after it; nothing at all when up to date.
	process.stderr.write(`${buildingMessage(process.env)}\n`);
	process.exitCode = await build();
}

if (process.exitCode === undefined || process.exitCode === 0) {
	const demo = spawn(process.execPath, [join(root, 'dist/cli.js'), 'demo', ...process.argv.slice(2)], {
		stdio: 'inherit',
	});
	// Ctrl-C goes to the demo too (the terminal signals its whole process group), which decides how to
	// end: this process waits for it, rather than die first and leave npm to print its error lines.
	process.on('SIGINT', () => {});
	process.on('SIGTERM', () => demo.kill('SIGTERM'));
	// However the demo ends, `npm start` succeeds, as its `|| true` did: an error is the demo's to show.
	demo.on('exit', () => {
		process.exitCode = 0;
	});
	demo.on('error', (error) => {
		process.stderr.write(`npm start: ${error.message}\n`);
		process.exitCode = 1;
	});
}
