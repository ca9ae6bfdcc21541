export {formatDuration} from '../core/duration.js';

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
	if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
	return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

export function formatCount(value: number): string {
	return value.toLocaleString('en-US');
}

/**
 * Time left at the pace of this session: what is still to do, at the rate scenes have settled since
 * the dashboard opened. Undefined until there is a pace to go by.
 */
export function estimateRemainingMs(input: {
	elapsedMs: number;
	settledThisSession: number;
	remaining: number;
}): number | undefined {
	const {elapsedMs, settledThisSession, remaining} = input;
	if (remaining === 0) return 0;
	if (settledThisSession <= 0 || elapsedMs <= 0) return undefined;
	return (elapsedMs / settledThisSession) * remaining;
}
