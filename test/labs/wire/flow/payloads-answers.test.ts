/**
 * What the nzlxg, jHPbke and YhhmEf answers are read as (wire/flow/payloads.ts): the balance and tier of
 * a credits answer, a new project's id, a submit's media ids and balance; and which error an answer
 * flowdeck cannot read becomes (a changed wire, or the refusal it carries).
 */
import {describe, expect, it} from 'vitest';
import {FlowError} from '../../../../source/labs/errors/index.js';
import {
	parseCreateProjectPayload,
	parseCreditsPayload,
	parseGeneratePayload,
} from '../../../../source/labs/wire/flow/payload-answers.js';
import {readHeadings} from '../../../../source/labs/wire/flow/record.js';
import {thrownFlowError as thrown} from '../../../helpers/flow-error.js';
import {flowRecord, media, project, workflow} from './records.js';

const wrapped = (value: unknown, depth: number): unknown => {
	let out = value;
	for (let i = 0; i < depth; i++) out = [out];
	return out;
};

describe('nzlxg: the balance and the tier', () => {
	it.each([
		['the balance at 0', [700, 1, 2, 2, null, 700], 700],
		['the balance at 5 when 0 is left out', [null, 1, 2, 2, null, 640], 640],
		['no balance at all as 0', [null, 1, 2, 2], 0],
	])('reads %s', (_, payload, credits) => {
		expect(parseCreditsPayload(payload).credits).toBe(credits);
	});

	it.each([
		['not a list', {balance: 5}],
		['a negative balance', [-1, 1, 2, 2]],
		['a balance as text', ['1050', 1, 2, 2]],
		['a fractional balance', [10.5]],
	])('%s is a changed wire, with a sample for nzlxg', (_, payload) => {
		const error = thrown(() => parseCreditsPayload(payload));
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
		expect(error.sample?.rpc).toBe('nzlxg');
	});

	it.each([
		[1, 'PAYGATE_TIER_NOT_PAID'],
		[2, 'PAYGATE_TIER_ONE'],
		[3, 'PAYGATE_TIER_TWO'],
	])('tier value %s at 3 is %s, whatever the balance', (code, tier) => {
		expect(parseCreditsPayload([0, 1, 2, code]).tier).toBe(tier);
		expect(parseCreditsPayload([500, 1, 2, code]).tier).toBe(tier);
	});

	it('a tier named in the answer wins over the value at 3', () => {
		expect(parseCreditsPayload([500, 1, 2, 2, null, 500, 'PAYGATE_TIER_TWO']).tier).toBe('PAYGATE_TIER_TWO');
	});

	it('only a string starting PAYGATE_TIER_ names a tier', () => {
		expect(parseCreditsPayload([500, 1, 2, 3, null, 500, 'OLD_PAYGATE_TIER_ONE']).tier).toBe(
			'PAYGATE_TIER_TWO',
		);
	});

	it.each([
		['an unknown value', 9],
		['a value as text', '3'],
		['no value', null],
	])('with %s at 3, an account with credits is a paying one, one without is not', (_, code) => {
		expect(parseCreditsPayload([5, 1, 2, code]).tier).toBe('PAYGATE_TIER_ONE');
		expect(parseCreditsPayload([0, 1, 2, code]).tier).toBe('PAYGATE_TIER_NOT_PAID');
	});
});

describe('jHPbke: the new project id', () => {
	it('is the first UUID anywhere in the answer, "projects/<uuid>" included, in lower case', () => {
		expect(parseCreateProjectPayload([null, [`projects/${project.toUpperCase()}`, 'title']])).toBe(project);
		expect(parseCreateProjectPayload([[null, 'no id here'], [[project]], [workflow]])).toBe(project);
	});

	it('is looked for nine lists deep and no deeper', () => {
		expect(parseCreateProjectPayload(wrapped(project, 9))).toBe(project);
		expect(() => parseCreateProjectPayload(wrapped(project, 10))).toThrow(FlowError);
	});

	it('an answer without one is a changed wire for jHPbke, or the refusal it carries', () => {
		const error = thrown(() => parseCreateProjectPayload([null, ['flowdeck']]));
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
		expect(error.sample?.rpc).toBe('jHPbke');
		expect(error.message).toContain('[null,["flowdeck"]]');
		const refused = thrown(() => parseCreateProjectPayload([null, 'PUBLIC_ERROR_UNSAFE_GENERATION']));
		expect(refused).toMatchObject({kind: 'policy', code: 'PUBLIC_ERROR_UNSAFE_GENERATION'});
	});

	it('shows an answer JSON cannot write (undefined) as itself', () => {
		expect(thrown(() => parseCreateProjectPayload(undefined)).message).toMatch(/: undefined$/);
	});

	it('says an answer too deep to print is one, instead of failing on it', () => {
		const deep = JSON.parse(`${'['.repeat(30_000)}null${']'.repeat(30_000)}`);
		const error = thrown(() => parseCreateProjectPayload(deep));
		expect(error.code).toBe('WIRE_CHANGED');
		expect(error.message).toMatch(/: \(an answer nested too deep to show\)$/);
	});
});

describe('YhhmEf: the media of a submit', () => {
	const heading = (mediaId: unknown, projectId: unknown = project, id: unknown = workflow): unknown[] => [
		id,
		null,
		null,
		['a title', 1790240102, null, null, mediaId, 'BATCH-1', 1790240102],
		projectId,
	];

	it("takes the records' media ids in order, each with its project (else the submit's)", () => {
		const records = [flowRecord({status: [6]}), flowRecord({media: 'second', project: null, status: [6]})];
		expect(parseGeneratePayload([null, 1040, [heading('ignored')], records], 'submitted-in')).toStrictEqual({
			media: [
				{name: media, projectId: project},
				{name: 'second', projectId: 'submitted-in'},
			],
			remainingCredits: 1040,
		});
	});

	it('falls back to the headings when no record came, skipping a heading without a media id', () => {
		const headings = [heading(null), heading(media), heading('second', null), 'not a heading'];
		expect(parseGeneratePayload([null, 1040, headings], 'submitted-in')).toStrictEqual({
			media: [
				{name: media, projectId: project},
				{name: 'second', projectId: 'submitted-in'},
			],
			remainingCredits: 1040,
		});
	});

	it('gives no balance when [1] holds none', () => {
		expect(parseGeneratePayload([null, null, [], [flowRecord()]], project)).toStrictEqual({
			media: [{name: media, projectId: project}],
		});
	});

	it('an answer with no media is a changed wire for YhhmEf, or the refusal it carries', () => {
		const error = thrown(() => parseGeneratePayload([null, 1040, [heading(null)], []], project));
		expect(error).toMatchObject({kind: 'protocol', code: 'WIRE_CHANGED'});
		expect(error.sample?.rpc).toBe('YhhmEf');
		expect(thrown(() => parseGeneratePayload('nothing', project)).code).toBe('WIRE_CHANGED');
		const refused = thrown(() =>
			parseGeneratePayload([null, null, null, null, 'PUBLIC_ERROR_UNSAFE_GENERATION'], project),
		);
		expect(refused).toMatchObject({kind: 'policy', code: 'PUBLIC_ERROR_UNSAFE_GENERATION'});
	});
});

describe('the heading list', () => {
	it('reads workflow, media, batch, project and title, trimmed, and leaves out what is blank', () => {
		const full = [` ${workflow} `, null, null, [' King walks ', 1, null, null, media, 'BATCH-1', 2], project];
		const bare = [workflow, null, null, ['', 1, null, null, null, ' ', 2], null];
		const noInner = [workflow];
		expect(readHeadings([full, bare, noInner])).toStrictEqual([
			{workflowId: workflow, mediaId: media, batchId: 'BATCH-1', projectId: project, title: 'King walks'},
			{workflowId: workflow},
			{workflowId: workflow},
		]);
	});

	it('skips entries without a workflow id, and reads anything but a list as none', () => {
		expect(readHeadings([[null, null, null, ['t', 1, null, null, media]], ['  '], 'x', null])).toStrictEqual(
			[],
		);
		expect(readHeadings({0: [workflow]})).toStrictEqual([]);
	});
});
