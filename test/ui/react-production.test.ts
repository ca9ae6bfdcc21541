import {execFileSync} from 'node:child_process';
import {resolve} from 'node:path';
import {describe, expect, it} from 'vitest';

// The built dashboard (global-setup builds dist), loaded the way the CLI loads it.
const dashboard = resolve('dist/ui/dashboard.js');

/** Which React build a fresh process gets once it has loaded the dashboard, and its NODE_ENV after. */
function loadWith(nodeEnv: string | undefined): {production: boolean; nodeEnv: string | null} {
	const env = {...process.env};
	delete env.NODE_ENV;
	if (nodeEnv !== undefined) env.NODE_ENV = nodeEnv;
	const script = `
		await import(${JSON.stringify(dashboard)});
		const {createElement} = await import('react');
		// The development build marks every element for its checks; the production one does not.
		const production = createElement('x')._store === undefined;
		console.log(JSON.stringify({production, nodeEnv: process.env.NODE_ENV ?? null}));
	`;
	const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {env, encoding: 'utf8'});
	return JSON.parse(out.trim().split('\n').at(-1) as string);
}

describe('the dashboard loads React for a long run', () => {
	it('production build whatever NODE_ENV says (a development build grows by the render); NODE_ENV as it was', () => {
		expect(loadWith(undefined)).toEqual({production: true, nodeEnv: null});
		expect(loadWith('development')).toEqual({production: true, nodeEnv: 'development'});
	});

	it('the tests keep the development build (so the check above can fail)', () => {
		expect(loadWith('test')).toEqual({production: false, nodeEnv: 'test'});
	});
});
