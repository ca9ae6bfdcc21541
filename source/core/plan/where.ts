/** Where a scene is, for messages: `scenes.txt:7` when its file and line are known, else `scene 7`. */
export const where = (scene: {index: number; line?: number}, sceneFile: string | undefined): string =>
	sceneFile !== undefined && scene.line !== undefined ? `${sceneFile}:${scene.line}` : `scene ${scene.index}`;
