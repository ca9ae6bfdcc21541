import type {AccountHealth} from '../core/events.js';
import type {AccountView, RunState, SceneView} from '../core/run-state.js';
import {formatBytes, formatDuration} from './format.js';
import {oneLine} from './text.js';

/** The live detail of a scene: what it is doing now, or why it stopped; shorter when `room` is tight. */
export function sceneDetail(scene: SceneView, now: number, room = Number.POSITIVE_INFINITY): string {
	const since = formatDuration(now - scene.since);
	switch (scene.state) {
		case 'submitting':
			return `submitting ${since}`;
		case 'polling': {
			const ready = scene.media.filter((media) => media.state !== 'generating').length;
			const copies = scene.media.length > 1 ? ` ${ready}/${scene.media.length} ready` : '';
			return `polling ${since}${copies}`;
		}
		case 'downloading': {
			const detail = downloadDetail(scene);
			return detail.length > room && detail !== 'downloading' ? detail.replace(/^downloading /, '') : detail;
		}
		case 'queued':
			return scene.error ? `retry: ${shortError(scene)}` : 'waiting';
		case 'done': {
			const files = scene.media.filter((media) => media.state === 'downloaded').length;
			return `${files} file${files === 1 ? '' : 's'}`;
		}
		default:
			return scene.error ? shortError(scene) : scene.state;
	}
}

/** The column already names the account: errors lose their `acc1: ` prefix there. */
function shortError(scene: SceneView): string {
	const error = oneLine(scene.error ?? '');
	const prefix = scene.account ? `${scene.account}: ` : '';
	return prefix && error.startsWith(prefix) ? error.slice(prefix.length) : error;
}

function downloadDetail(scene: SceneView): string {
	let received = 0;
	let total = 0;
	let totalKnown = true;
	for (const media of scene.media) {
		if (media.state === 'failed' || media.state === 'abandoned') continue;
		if (media.state === 'downloaded') {
			received += media.bytes ?? 0;
			total += media.bytes ?? 0;
			continue;
		}
		received += media.receivedBytes ?? 0;
		if (media.totalBytes === undefined) totalKnown = false;
		else total += media.totalBytes;
	}
	if (received === 0) return 'downloading';
	const percent = totalKnown && total > 0 ? ` ${Math.floor((received / total) * 100)}%` : '';
	return `downloading${percent} ${formatBytes(received)}`;
}

const healthWords: Record<AccountHealth, string> = {
	ok: 'ok',
	refreshing: 'refreshing',
	'auth-failed': 'auth failed',
	'quota-exhausted': 'quota exhausted',
	'cooling-down': 'cooling down',
};

export function healthText(account: AccountView, now: number): string {
	const words = healthWords[account.health];
	if (account.health === 'cooling-down' && account.until !== undefined && account.until > now) {
		return `${words} ${formatDuration(account.until - now)}`;
	}
	return words;
}

/** Model, aspect and copies of the run: the one value when every scene shares it. */
export function runSettings(state: RunState): {model: string; aspect: string; copies: string} {
	const one = (values: Array<string | number>, plural: string): string => {
		const distinct = [...new Set(values)];
		return distinct.length === 1 ? String(distinct[0]) : `${distinct.length} ${plural}`;
	};
	return {
		model: one(
			state.scenes.map((scene) => scene.model),
			'models',
		),
		aspect: one(
			state.scenes.map((scene) => scene.aspect),
			'aspects',
		),
		copies: one(
			state.scenes.map((scene) => scene.copies),
			'copy counts',
		),
	};
}
