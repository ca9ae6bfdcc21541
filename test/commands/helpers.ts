import {join} from 'node:path';
import {Readable, Writable} from 'node:stream';
import {functionCaptchaProvider} from '../../source/labs/captcha/providers.js';
import type {Io} from '../../source/run/io.js';
import type {Simulator, SimulatorOptions} from '../../source/simulator/index.js';
import {startWorkspace} from '../helpers/workspace.js';

export type MemoryIo = Io & {stdin?: Readable; out(): string; err(): string};

/** An Io whose stdout and stderr are kept as strings, with the given environment. */
export function memoryIo(env: NodeJS.ProcessEnv, stdinText?: string): MemoryIo {
	let out = '';
	let err = '';
	// Appends synchronously: a test reads the text right after the command returns.
	const stdout = new Writable({
		write(chunk, _encoding, done) {
			out += String(chunk);
			done();
		},
	});
	const stderr = new Writable({
		write(chunk, _encoding, done) {
			err += String(chunk);
			done();
		},
	});
	return {
		stdout,
		stderr,
		env,
		stdin: stdinText === undefined ? undefined : Readable.from([stdinText]),
		out: () => out,
		err: () => err,
	};
}

export type SimEnv = {
	sim: Simulator;
	dir: string;
	configDir: string;
	env: NodeJS.ProcessEnv;
	/** A fresh Io on this environment (with the simulator's captcha, for runs). */
	io(stdinText?: string): MemoryIo;
	close(): Promise<void>;
};

/** A simulator, a temp folder and an environment whose settings live in that folder. */
export async function startSimEnv(options: SimulatorOptions): Promise<SimEnv> {
	const {sim, dir, close} = await startWorkspace(options, 'flowdeck-cmd-');
	const configDir = join(dir, 'config');
	const env = {
		FLOWDECK_CONFIG_DIR: configDir,
		FLOWDECK_API_URL: sim.apiUrl,
		FLOWDECK_LABS_URL: sim.labsUrl,
		FLOWDECK_FLOW_URL: sim.flowUrl,
	};
	const captcha = functionCaptchaProvider('simulator', ({account}) => sim.mintCaptchaToken(account));
	return {
		sim,
		dir,
		configDir,
		env,
		io: (stdinText) => ({...memoryIo(env, stdinText), captcha}),
		close,
	};
}
