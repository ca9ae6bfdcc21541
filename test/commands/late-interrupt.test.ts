// Proves that a Ctrl-C arriving after the run has ended, while the process closes (the dashboard gone,
// its interrupt handler removed), ends the process as interrupted (130), never killed by the signal.
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {describe, expect, it} from 'vitest';

const processIo = pathToFileURL(
	join(import.meta.dirname, '..', '..', 'dist', 'commands', 'process-io.js'),
).href;

/** A child that installs the run's interrupt handler, removes it as a finished run does, then is sent SIGINT. */
const script = `
const {processIo} = await import(${JSON.stringify(processIo)});
const io = processIo({onClosed: () => () => {}});
const remove = io.onInterrupt(() => {});
remove();
setInterval(() => {}, 1000);
process.stdout.write('ready\\n');
`;

describe('a Ctrl-C while the process closes', () => {
	it('exits 130, not by the signal', async () => {
		const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr.on('data', (chunk) => {
			stderr += String(chunk);
		});
		await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
		child.kill('SIGINT');
		const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
			child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
		);
		expect({code, signal, stderr}).toEqual({code: 130, signal: null, stderr: ''});
	});
});
