/**
 * shapeOf and diffShapes (wire-shape.ts), the skeleton the wire-shapes-*.test.ts comparisons rest on.
 */
import {describe, expect, it} from 'vitest';
import {erased} from './compare.js';
import {diffShapes, shapeOf} from './shape.js';

describe('shapeOf', () => {
	it('keeps nesting, types and positions; drops string contents and number values', () => {
		expect(shapeOf([null, 1040, [['a', [1, 2]], true]])).toEqual([
			'null',
			'number',
			[['string', ['number', 'number']], 'boolean'],
		]);
		expect(shapeOf(['x', 1])).toEqual(shapeOf(['y', 2]));
		expect(shapeOf(['x', 1])).not.toEqual(shapeOf([1, 'x']));
		expect(shapeOf([[1]])).not.toEqual(shapeOf([1]));
		expect(diffShapes(shapeOf([1, 'a', null]), shapeOf([1, null]))).toEqual([
			{path: [1], ours: 'string', capture: 'null'},
			{path: [2], ours: 'null', capture: 'missing'},
		]);
		expect(erased.map((e) => e.what)).toEqual(['string contents', 'number values']);
	});
});
