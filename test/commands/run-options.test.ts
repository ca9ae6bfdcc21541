import {describe, expect, it} from 'vitest';
import {resolveRunOptions, runDefaults} from '../../source/commands/run-options.js';

describe('resolveRunOptions: built-in < settings < flags', () => {
	const defaults = {
		model: 'veo_3_1_t2v_lite',
		aspect: '9:16' as const,
		copies: 3,
		maxInFlight: 2,
		pollInterval: 2.5,
		out: 'videos',
		captchaCommand: 'my-solver',
	};

	it('built-in defaults without settings or flags', () => {
		const options = resolveRunOptions({}, {interactive: false});
		expect(options).toMatchObject({
			model: runDefaults.model,
			aspect: '16:9',
			copies: 1,
			maxInFlight: 4,
			pollIntervalMs: 5000,
			outDir: './flowdeck-out',
		});
		expect(options.captchaCommand).toBeUndefined();
		expect(options.explicitModel).toBeUndefined();
	});

	it('settings override the built-in defaults', () => {
		expect(resolveRunOptions({}, {interactive: false, defaults})).toMatchObject({
			model: 'veo_3_1_t2v_lite',
			aspect: '9:16',
			copies: 3,
			maxInFlight: 2,
			pollIntervalMs: 2500,
			outDir: 'videos',
			captchaCommand: 'my-solver',
			explicitModel: undefined,
		});
	});

	it('flags override the settings', () => {
		const options = resolveRunOptions(
			{
				model: 'veo_3_1_t2v_fast',
				aspect: '16:9',
				copies: '1',
				maxInFlight: '8',
				pollInterval: '1',
				out: 'elsewhere',
				captchaCommand: 'other',
			},
			{interactive: false, defaults},
		);
		expect(options).toMatchObject({
			model: 'veo_3_1_t2v_fast',
			aspect: '16:9',
			copies: 1,
			maxInFlight: 8,
			pollIntervalMs: 1000,
			outDir: 'elsewhere',
			captchaCommand: 'other',
			explicitModel: 'veo_3_1_t2v_fast',
		});
	});
});
