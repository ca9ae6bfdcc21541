/** The ids of the flow.google.com RPCs flowdeck uses (docs/wire-captures.md). */
export const flowRpc = {
	credits: 'nzlxg',
	createProject: 'jHPbke',
	generate: 'YhhmEf',
	status: 'jwpduf',
	mediaUrl: 'as29s',
} as const;
