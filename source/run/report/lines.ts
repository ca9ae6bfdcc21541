import {formatDuration} from '../../core/duration.js';
import type {RunEvent} from '../../core/events.js';
import {plural} from '../../core/plural.js';
import type {RunState} from '../../core/run-state.js';

const clock = (ts: number): string => new Date(ts).toISOString().slice(11, 19);

/** One readable line per state change, for logs (`--no-tui` and any run without a terminal). */
export function formatLine(event: RunEvent, state: RunState): string | undefined {
	const at = clock(event.ts);
	switch (event.type) {
		case 'run.start':
			return `${at} ${event.resumed ? 'resuming' : 'starting'} ${plural(event.scenes, 'scene')} on ${event.accounts.join(', ')}`;
		case 'run.plan':
			return `${at} plan: ${event.accounts.map((a) => `${a.account} ${plural(a.scenes.length, 'scene')}`).join(', ')}; ${plural(event.totalCost, 'credit')}`;
		case 'account.state': {
			const parts = [`${at} account ${event.account}: ${event.health}`];
			if (event.transport) parts.push(`(${event.transport})`);
			if (event.credits !== undefined) parts.push(plural(event.credits, 'credit'));
			if (event.until !== undefined) parts.push(`until ${clock(event.until)}`);
			if (event.reason) parts.push(`- ${event.reason}`);
			return parts.join(' ');
		}
		case 'scene.state': {
			const scene = state.scenes[event.scene - 1];
			const account = event.account ?? scene?.account;
			const where = account ? ` [${account}]` : '';
			const attempt = event.attempt > 1 ? ` (attempt ${event.attempt})` : '';
			const files =
				event.state === 'done' && scene
					? ` ${scene.media
							.map((m) => m.file)
							.filter(Boolean)
							.join(', ')}`
					: '';
			const error =
				event.error && event.state !== 'queued' ? `: ${event.error}` : event.error ? ` (${event.error})` : '';
			return `${at} scene ${event.scene}${where} ${event.state}${attempt}${files}${error}`;
		}
		case 'run.paused':
			return `${at} ${event.paused ? 'paused: no new submits' : 'submitting again'}`;
		case 'run.stopping':
			return `${at} ${event.now ? 'stopping now' : 'stopping: no new submits; waiting for videos already generating (Ctrl-C again to stop at once)'}`;
		case 'run.end':
			return `${at} finished in ${formatDuration(event.durationMs)}: ${event.done} done, ${event.failed} failed, ${event.skipped} skipped, ${event.inDoubt} in doubt`;
		default:
			return undefined;
	}
}
