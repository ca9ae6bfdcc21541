/**
 * The first import of dashboard.tsx, so it runs before React loads. React and its reconciler pick a
 * build from NODE_ENV when first loaded, and the development one is no fit for a long run: it checks
 * and times every component render (React 19 leaves a performance measure per render in Node's
 * timeline, which nothing clears), which cost a 1,000-scene run 4x the render CPU and 1.6 GB of
 * memory (bench/terminal.js), growing for as long as the run lasts. So the dashboard always loads the
 * production build, whatever NODE_ENV says (a shell that exports NODE_ENV=development is common),
 * except under the tests (NODE_ENV=test), which want React's warnings.
 */
const original = process.env.NODE_ENV;
const forced = original !== 'production' && original !== 'test';
if (forced) process.env.NODE_ENV = 'production';

/** Once React is loaded: NODE_ENV as it was, so the processes a run starts (captcha commands) inherit it. */
export function restoreNodeEnv(): void {
	if (!forced) return;
	if (original === undefined) delete process.env.NODE_ENV;
	else process.env.NODE_ENV = original;
}
