/**
 * The first import of dashboard.tsx, so it runs before React loads. React and its reconciler pick a
 * build from NODE_ENV when first loaded, and the development one is no fit for a long run: it checks
 * and times every component render (React 19 leaves a performance measure per render in Node's
 * timeline, which nothing clears), which cost a 1,000-scene run 4x the render CPU and 1.6 GB of
 * memory (bench/terminal.js). Unset, NODE_ENV means production; tests (NODE_ENV=test) are unchanged.
 */
const unset = process.env.NODE_ENV === undefined;
if (unset) process.env.NODE_ENV = 'production';

/** Once React is loaded: unset again, so the processes a run starts (captcha commands) do not inherit it. */
export function restoreNodeEnv(): void {
	if (unset) delete process.env.NODE_ENV;
}
