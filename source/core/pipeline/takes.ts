import type {PickRule} from '../events.js';
import {type SceneView, takesOf} from '../run-state.js';
import type {RunContext} from './context.js';

/**
 * The take a rule keeps of a scene's saved clips (docs/design.md §4, `--pick`): `first` the lowest
 * copy, `largest` the one with the most bytes, the lower copy on a tie. Undefined when none is saved.
 * Pure, so each rule is tested without a run.
 */
export function chooseTake(scene: SceneView, rule: PickRule): number | undefined {
	let best: SceneView['media'][number] | undefined;
	// takesOf is in copy order: a later take wins only when it is strictly larger.
	for (const take of takesOf(scene)) {
		if (best === undefined || (rule === 'largest' && (take.bytes ?? 0) > (best.bytes ?? 0))) best = take;
	}
	return best?.copy;
}

/**
 * A done scene that has no take chosen gets the rule's choice, journaled as `take.chosen`; one with a
 * choice (a person's above all) keeps it. A scene of one copy is chosen too, so the manifest always
 * names the file to keep.
 */
export function chooseByRule(ctx: RunContext, sceneIndex: number): void {
	const scene = ctx.scene(sceneIndex);
	if (scene?.state !== 'done' || scene.chosen !== undefined) return;
	const copy = chooseTake(scene, ctx.pick);
	if (copy === undefined) return;
	ctx.emit({type: 'take.chosen', ts: ctx.now(), scene: sceneIndex, copy, by: ctx.pick});
}

/** On resume: done scenes of a session that ended before choosing (or before takes existed). */
export function chooseMissing(ctx: RunContext): void {
	for (const scene of ctx.state.scenes) if (scene.state === 'done') chooseByRule(ctx, scene.index);
}

/**
 * A person's choice: a saved take of a done scene. Journaled as `by: 'user'` unless it is the take
 * already chosen; rule choices are made only where nothing is chosen, so they never replace it.
 */
export function pickTake(ctx: RunContext, sceneIndex: number, copy: number): boolean {
	const scene = ctx.scene(sceneIndex);
	if (scene?.state !== 'done') return false;
	if (!takesOf(scene).some((take) => take.copy === copy)) return false;
	if (scene.chosen !== copy)
		ctx.emit({type: 'take.chosen', ts: ctx.now(), scene: sceneIndex, copy, by: 'user'});
	return true;
}
