import {describe, expect, it} from 'vitest';
import {belowBar, mutationScores, requiredScore, undetectedMutants} from '../../scripts/mutation-scores.js';

// `npm run test:mutation` fails when one module is below the bar (scripts/mutation-check.js): these
// are its sums, on reports made up here in the shape StrykerJS writes.

const mutants = (...statuses: string[]) => ({mutants: statuses.map((status) => ({status}))});

describe('mutationScores', () => {
	it('counts killed and timed-out mutants as detected, survivors and uncovered ones as not', () => {
		const [row] = mutationScores({
			files: {'a.ts': mutants('Killed', 'Timeout', 'Survived', 'NoCoverage', 'Killed')},
		});
		expect(row).toEqual({
			path: 'a.ts',
			killed: 3,
			survived: 1,
			noCoverage: 1,
			ignored: 0,
			valid: 5,
			score: 60,
		});
	});

	it('leaves mutants that did not compile or were disabled out of the score', () => {
		const [row] = mutationScores({
			files: {'a.ts': mutants('Killed', 'CompileError', 'RuntimeError', 'Ignored', 'Survived')},
		});
		expect(row?.ignored).toBe(3);
		expect(row?.score).toBe(50);
	});

	it('rounds down to one decimal, so 89.99 % never passes as 90', () => {
		const statuses = [...Array(8999).fill('Killed'), ...Array(1001).fill('Survived')];
		const [row] = mutationScores({files: {'a.ts': mutants(...statuses)}});
		expect(row?.score).toBe(89.9);
		expect(belowBar([row!])).toHaveLength(1);
	});

	it('gives no score to a file without a valid mutant, and keeps the report order', () => {
		const rows = mutationScores({files: {'b.ts': mutants('Ignored'), 'a.ts': mutants('Killed')}});
		expect(rows.map((row) => [row.path, row.score])).toEqual([
			['b.ts', null],
			['a.ts', 100],
		]);
		expect(belowBar(rows)).toEqual([]);
	});
});

describe('belowBar', () => {
	it('keeps the rows under the bar and lets exactly the bar pass', () => {
		const rows = mutationScores({
			files: {
				'at.ts': mutants(...Array(9).fill('Killed'), 'Survived'),
				'under.ts': mutants(...Array(8).fill('Killed'), 'Survived', 'NoCoverage'),
			},
		});
		expect(requiredScore).toBe(90);
		expect(belowBar(rows).map((row) => row.path)).toEqual(['under.ts']);
	});
});

describe('undetectedMutants', () => {
	it('lists survivors and uncovered mutants with where they are, on one line each', () => {
		const found = undetectedMutants({
			files: {
				'a.ts': {
					mutants: [
						{status: 'Killed', mutatorName: 'X', location: {start: {line: 1, column: 1}}},
						{
							status: 'Survived',
							mutatorName: 'EqualityOperator',
							replacement: 'a <\n  b',
							location: {start: {line: 12, column: 3}},
						},
						{status: 'NoCoverage', mutatorName: 'BlockStatement', location: {start: {line: 40, column: 9}}},
					],
				},
			},
		});
		expect(found).toEqual([
			{where: 'a.ts:12:3', status: 'Survived', mutator: 'EqualityOperator', replacement: 'a < b'},
			{where: 'a.ts:40:9', status: 'NoCoverage', mutator: 'BlockStatement', replacement: ''},
		]);
	});
});
