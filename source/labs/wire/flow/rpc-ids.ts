/** The ids of the flow.google.com RPCs flowdeck uses (docs/wire-captures.md). */
export const flowRpc = {
	credits: 'nzlxg',
	createProject: 'jHPbke',
	generate: 'YhhmEf',
	/** Reference images to video ("ingredients"), captured 2026-09-25. */
	generateFromReferences: 'MZZa6b',
	status: 'jwpduf',
	mediaUrl: 'as29s',
} as const;
