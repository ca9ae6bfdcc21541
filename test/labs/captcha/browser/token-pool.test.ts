import {describe, expect, it} from 'vitest';
import {type PoolClock, TokenPool} from '../../../../source/labs/captcha/browser/token-pool.js';

/** A clock the test moves by hand; timers fire when it passes them. */
class FakeClock implements PoolClock {
	time = 1_000_000;
	#timers = new Map<number, {at: number; callback: () => void}>();
	#next = 1;

	now(): number {
		return this.time;
	}

	setTimeout(callback: () => void, ms: number): unknown {
		const id = this.#next++;
		this.#timers.set(id, {at: this.time + ms, callback});
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.#timers.delete(handle as number);
	}

	get pending(): number {
		return this.#timers.size;
	}

	/** Moves the clock, firing due timers in order (and the ones they set, if due). */
	async advance(ms: number): Promise<void> {
		const end = this.time + ms;
		for (let fired = 0; ; fired++) {
			// A pool that re-arms a due timer forever would hang the test instead of failing it.
			if (fired > 1000) throw new Error('timers keep firing without the clock moving');
			const due = [...this.#timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
			if (!due) break;
			this.#timers.delete(due[0]);
			this.time = Math.max(this.time, due[1].at);
			due[1].callback();
			await flush();
		}
		this.time = end;
		await flush();
	}
}

const flush = async () => {
	for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** A mint function whose calls the test settles by hand. */
function manualMint(prefix = 'tok') {
	const calls: Array<{resolve: (token: string) => void; reject: (error: Error) => void}> = [];
	let n = 0;
	const mint = () =>
		new Promise<string>((resolve, reject) => {
			calls.push({resolve, reject});
		});
	return {
		mint,
		calls,
		/** Settles every open call with a unique token, in order. */
		async resolveAll() {
			for (const call of calls.splice(0)) call.resolve(`${prefix}-${++n}`);
			await flush();
		},
		async rejectAll(message = 'boom') {
			for (const call of calls.splice(0)) call.reject(new Error(message));
			await flush();
		},
	};
}

/** A mint that answers at once with a unique token. */
function instantMint(prefix = 'tok') {
	let n = 0;
	return {mint: async () => `${prefix}-${++n}`, count: () => n};
}

describe('token pool', () => {
	it('mints nothing before the first take, then keeps poolSize tokens ready', async () => {
		const clock = new FakeClock();
		const source = instantMint();
		const pool = new TokenPool({mint: source.mint, poolSize: 2, clock});
		await flush();
		expect(source.count()).toBe(0);
		expect(await pool.take()).toBe('tok-1');
		await flush();
		// The first take minted on demand; the pool then topped itself up with two more.
		expect(source.count()).toBe(3);
		expect(pool.size).toBe(2);
		pool.close();
	});

	it('hands every token out once only, and refills after each take', async () => {
		const clock = new FakeClock();
		const source = instantMint();
		const pool = new TokenPool({mint: source.mint, poolSize: 2, clock});
		const taken: string[] = [];
		for (let i = 0; i < 6; i++) {
			taken.push(await pool.take());
			await flush();
			expect(pool.size).toBe(2);
		}
		expect(new Set(taken).size).toBe(6);
		// Pooled takes come out in mint order: the oldest token first.
		expect(taken).toEqual(['tok-1', 'tok-2', 'tok-3', 'tok-4', 'tok-5', 'tok-6']);
		pool.close();
	});

	it('drops tokens older than maxAgeMs instead of handing them out, and replaces them while in demand', async () => {
		const clock = new FakeClock();
		const source = instantMint();
		const pool = new TokenPool({mint: source.mint, poolSize: 2, maxAgeMs: 90_000, idleMs: 1_000_000, clock});
		await pool.take(); // tok-1 on demand; tok-2 and tok-3 pooled at t0
		await flush();
		await clock.advance(89_999);
		expect(pool.size).toBe(2);
		await clock.advance(1);
		// tok-2 and tok-3 reached 90 s: dropped; still in demand, so two fresh ones replaced them.
		expect(pool.size).toBe(2);
		expect(source.count()).toBe(5);
		const next = await pool.take();
		expect(['tok-4', 'tok-5']).toContain(next);
		pool.close();
	});

	it('never hands out an expired token even when no timer ran (take checks the age itself)', async () => {
		let now = 0;
		const clock: PoolClock = {now: () => now, setTimeout: () => 0, clearTimeout: () => undefined};
		const source = instantMint();
		const pool = new TokenPool({mint: source.mint, poolSize: 1, maxAgeMs: 1000, clock});
		expect(await pool.take()).toBe('tok-1');
		await flush(); // tok-2 pooled, minted at 0
		now = 1000;
		// tok-2 is 1000 ms old: too old; a take gets a new mint.
		expect(await pool.take()).not.toBe('tok-2');
		pool.close();
	});

	it('stops refilling once nobody has asked for idleMs', async () => {
		const clock = new FakeClock();
		const source = instantMint();
		const pool = new TokenPool({mint: source.mint, poolSize: 2, maxAgeMs: 90_000, idleMs: 180_000, clock});
		await pool.take();
		await flush();
		expect(source.count()).toBe(3);
		// 90 s: the two expire and are replaced (demand 90 s ago < 180 s).
		await clock.advance(90_000);
		expect(source.count()).toBe(5);
		// 180 s: they expire again; demand is 180 s old: nothing is minted any more.
		await clock.advance(90_000);
		expect(source.count()).toBe(5);
		expect(pool.size).toBe(0);
		expect(clock.pending).toBe(0);
		await clock.advance(10 * 60_000);
		expect(source.count()).toBe(5);
		// Demand again: minting resumes.
		await pool.take();
		await flush();
		expect(source.count()).toBe(8);
		pool.close();
	});

	it('starts refilling only once a mint has worked; a take on an empty pool mints on its own', async () => {
		const clock = new FakeClock();
		const source = manualMint();
		const pool = new TokenPool({mint: source.mint, poolSize: 1, clock});
		const first = pool.take();
		await flush();
		// Only the on-demand mint: the page has not proven itself yet.
		expect(source.calls).toHaveLength(1);
		await source.resolveAll();
		expect(await first).toBe('tok-1');
		// It worked: one refill is under way.
		expect(source.calls).toHaveLength(1);
		expect(pool.refilling).toBe(1);
		// A take now does not inherit that refill (it could belong to a browser that died since).
		const second = pool.take();
		await flush();
		expect(source.calls).toHaveLength(2);
		source.calls.splice(0, 1)[0]?.reject(new Error('old browser died'));
		source.calls.splice(0, 1)[0]?.resolve('fresh');
		expect(await second).toBe('fresh');
		// That success shows the page works again: refilling goes on despite the failed refill.
		await flush();
		expect(source.calls).toHaveLength(1);
		pool.close();
	});

	it('gives a mint failure to the take that waits for it; a failed refill stops refilling until the next take', async () => {
		const clock = new FakeClock();
		const source = manualMint();
		const pool = new TokenPool({mint: source.mint, poolSize: 2, clock});
		const first = pool.take();
		await flush();
		expect(source.calls).toHaveLength(1);
		await source.rejectAll('browser gone');
		await expect(first).rejects.toThrow('browser gone');
		// Nothing else was started on a page that fails.
		expect(source.calls).toHaveLength(0);
		const second = pool.take();
		await flush();
		await source.resolveAll();
		expect(await second).toBe('tok-1');
		await flush();
		expect(source.calls).toHaveLength(2);
		// The refills fail: nobody asked for them, so nothing more is started by itself.
		await source.rejectAll('browser gone');
		await clock.advance(300_000);
		expect(source.calls).toHaveLength(0);
		expect(pool.size).toBe(0);
		// The next take mints on demand and refilling resumes.
		const again = pool.take();
		await flush();
		expect(source.calls).toHaveLength(1);
		await source.resolveAll();
		expect(await again).toBe('tok-2');
		await source.resolveAll();
		expect(pool.size).toBe(2);
		pool.close();
	});

	it('keeps accounts apart: a pool only ever hands out what its own mint made', async () => {
		const clock = new FakeClock();
		const a = new TokenPool({mint: instantMint('acc1').mint, poolSize: 2, clock});
		const b = new TokenPool({mint: instantMint('acc2').mint, poolSize: 2, clock});
		const fromA: string[] = [];
		const fromB: string[] = [];
		for (let i = 0; i < 5; i++) {
			fromA.push(await a.take());
			fromB.push(await b.take());
			await flush();
		}
		expect(fromA.every((t) => t.startsWith('acc1-'))).toBe(true);
		expect(fromB.every((t) => t.startsWith('acc2-'))).toBe(true);
		a.close();
		b.close();
	});

	it('clear() drops the pooled tokens and the refills under way; close() stops it', async () => {
		const clock = new FakeClock();
		const source = manualMint();
		const pool = new TokenPool({mint: source.mint, poolSize: 2, clock});
		const first = pool.take();
		await flush();
		source.calls.splice(0)[0]?.resolve('for-the-take');
		expect(await first).toBe('for-the-take');
		await flush();
		const refills = source.calls.splice(0);
		expect(refills).toHaveLength(2);
		pool.clear();
		for (const call of refills) call.resolve('stale');
		await flush();
		expect(pool.size).toBe(0);
		pool.close();
		await expect(pool.take()).rejects.toThrow('closed');
		expect(clock.pending).toBe(0);
	});

	it('poolSize 0 mints on demand only', async () => {
		const clock = new FakeClock();
		const source = instantMint();
		const pool = new TokenPool({mint: source.mint, poolSize: 0, clock});
		await pool.take();
		await pool.take();
		await flush();
		expect(source.count()).toBe(2);
		pool.close();
	});
});
