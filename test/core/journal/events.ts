// Events and scene specs for the journal tests: scene N is `sN`, its events dated 1000 + N.
import type {RunEvent, SceneSpec} from '../../../source/core/events.js';

export const sceneEvent = (
	scene: number,
	state: Extract<RunEvent, {type: 'scene.state'}>['state'],
	extra: Partial<Extract<RunEvent, {type: 'scene.state'}>> = {},
): RunEvent => ({type: 'scene.state', ts: 1000 + scene, scene, id: `s${scene}`, state, attempt: 1, ...extra});

export const spec = (index: number): SceneSpec => ({
	index,
	id: `s${index}`,
	prompt: `prompt ${index}`,
	aspect: '16:9',
	model: 'veo_3_1_t2v_fast',
	copies: 1,
});
