import {useEffect, useState} from 'react';

/**
 * The time, ticking every `intervalMs` (elapsed, "polling 42s", the spinner): at most one frame a
 * second of its own. A stopped clock (interval 0) keeps its last value.
 */
export function useClock(intervalMs: number, now: () => number = Date.now): number {
	const [time, setTime] = useState(now);
	useEffect(() => {
		if (intervalMs <= 0) return;
		setTime(now());
		const timer = setInterval(() => setTime(now()), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs, now]);
	return time;
}
