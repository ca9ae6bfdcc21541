import {defineConfig} from 'vitest/config';

/**
 * `npm run test:chaos`: the chaos suite (test/chaos) at full size. `npm test` runs the same files in
 * their short form as part of the normal suite; CHAOS_SCALE=short here does the same, CHAOS_SEED
 * replays a failing draw.
 */
export default defineConfig({
	test: {
		include: ['test/chaos/**/*.test.{ts,tsx}'],
		globalSetup: ['test/global-setup.ts'],
		env: {CHAOS_SCALE: process.env.CHAOS_SCALE ?? 'full'},
		testTimeout: 600_000,
		hookTimeout: 60_000,
		pool: 'forks',
	},
});
