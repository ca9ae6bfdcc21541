import {randomBytes} from 'node:crypto';

/** A uniform [0, 1) source; seeded so that injected faults replay identically. */
export type Random = () => number;

/** mulberry32: tiny, fast and good enough to decide faults and durations. */
export function seededRandom(seed: number): Random {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

export const randomSeed = (): number => randomBytes(4).readUInt32LE(0);

/** Credentials are not drawn from the seeded PRNG: two simulators with one seed must not share tokens. */
export function opaqueToken(prefix: string, length: number): string {
	const body = randomBytes(Math.ceil((length * 3) / 4))
		.toString('base64url')
		.slice(0, Math.max(0, length - prefix.length));
	return prefix + body;
}
