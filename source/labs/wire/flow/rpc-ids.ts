/** The ids of the flow.google.com RPCs flowdeck uses (docs/wire-captures.md, docs/protocol-flow.md §2). */
export const flowRpc = {
	credits: 'nzlxg',
	createProject: 'jHPbke',
	generate: 'YhhmEf',
	/** Reference images to video ("ingredients"), captured 2026-09-25. */
	generateFromReferences: 'MZZa6b',
	/** A start frame to video (FK-ext `video_request`, public file 68427272937). */
	generateFromStartImage: 'eb1hJf',
	/** A start and an end frame to video (FK-ext `interpolation_request`). */
	generateFromStartAndEndImage: 'nprQif',
	/** Upload an image (FK-ext `upload_request`; F2A-cur `upload_image`, public file 70106387746). */
	uploadImage: 'maseQ',
	status: 'jwpduf',
	mediaUrl: 'as29s',
} as const;
