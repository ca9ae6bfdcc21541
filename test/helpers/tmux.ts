import {execFileSync} from 'node:child_process';

/** Whether this machine has tmux: the terminal tests are skipped without it. */
export const hasTmux = (() => {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
})();

/** A tmux client of a private server (`-L socket`), run with `env`: `tmux(...args)` returns its stdout. */
export const tmuxOn =
	(socket: string, env: NodeJS.ProcessEnv) =>
	(...args: string[]): string =>
		execFileSync('tmux', ['-u', '-L', socket, ...args], {encoding: 'utf8', env});
