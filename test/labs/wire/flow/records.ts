/**
 * A media record shaped as the captured as29s answer has it
 * (test/fixtures/wire/flow/2026-09-24_as29s_done_with-urls.response.txt), with each slot flowdeck
 * reads settable, for the flow-record and flow-payloads tests.
 */

export const project = '3afb1f80-ca7d-4b33-8318-35dd3cf0d714';
export const workflow = '0b8c7e1a-2f3d-4c5b-9a6e-7d8f9a0b1c2d';
export const media = '6f1c2a9e-0b7d-4c8e-9a51-2d3e4f5a6b7c';
export const video = `https://flow-content.google/video/${media}?Expires=1790261742&Signature=x`;
export const poster = `https://flow-content.google/image/${media}?Expires=1790261742&Signature=x`;

export type RecordSlots = {
	media?: unknown;
	project?: unknown;
	workflow?: unknown;
	/** DETAILS[8]: `[status]` as captured, or anything else. */
	status?: unknown;
	/** DETAILS[10] */
	poster?: unknown;
	/** DETAILS[13] */
	bytes?: unknown;
	/** MEDIA_INFO[0][8] */
	video?: unknown;
	/** MEDIA_INFO[0][12] */
	model?: unknown;
	/** MEDIA_INFO[1], where the capture has `[null,null,[6]]`. */
	more?: unknown;
};

export function flowRecord(slots: RecordSlots = {}): unknown[] {
	const details = [
		[1790240102, 232689000],
		'The king walks',
		null,
		null,
		null,
		null,
		[null, [['abra_t2v_6s', 1, null, null, 2, 1]], [[null, null, [[['The king walks']]]]], null, 1],
		null,
		'status' in slots ? slots.status : [3],
		1,
		slots.poster ?? null,
		[],
		null,
		slots.bytes ?? null,
	];
	const info = [
		null,
		281181,
		null,
		null,
		null,
		null,
		null,
		'A video of a king taking a walk.',
		slots.video ?? null,
		null,
		null,
		null,
		'model' in slots ? slots.model : 'abra_t2v_6s',
		'',
		null,
		false,
		2,
	];
	return [
		'media' in slots ? slots.media : media,
		'project' in slots ? slots.project : project,
		'workflow' in slots ? slots.workflow : workflow,
		null,
		null,
		details,
		null,
		[info, slots.more ?? [null, null, [6]], [media]],
	];
}
