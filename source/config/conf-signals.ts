/**
 * The signal listeners the process has when this module is evaluated, so that conf.ts can take back
 * the ones conf's dependencies add (why: conf.ts). conf.ts imports this module just before conf, and
 * nothing else imports it: its one snapshot is taken right before conf's modules are evaluated.
 */
import {constants} from 'node:os';

// Every signal the platform has, rather than when-exit's own list (which depends on the platform and
// its version): a listener added to any of them while conf loaded is one flowdeck did not ask for.
const signals = Object.keys(constants.signals) as NodeJS.Signals[];
const before = new Map(signals.map((signal) => [signal, new Set(process.rawListeners(signal))]));

/** Removes every signal listener added since this module was evaluated; returns how many. */
export function releaseSignalsTakenSinceLoad(): number {
	let released = 0;
	for (const signal of signals) {
		for (const listener of process.rawListeners(signal)) {
			if (before.get(signal)?.has(listener)) continue;
			// rawListeners gives `once` wrappers as they are registered: removing one removes that listener.
			process.removeListener(signal, listener as () => void);
			released++;
		}
	}
	return released;
}
