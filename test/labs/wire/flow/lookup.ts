/**
 * What the flow-lookup-*.test.ts files share: the scene every lost submit is made of.
 */
export const request = {
	prompt: 'a red fox in snow',
	model: 'veo_3_1_t2v_fast',
	aspect: '16:9' as const,
	copies: 2,
};
