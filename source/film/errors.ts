/**
 * The two ways the film step stops short (docs/design.md §4, `flowdeck film`): it cannot start (no
 * ffmpeg, no manifest, no done scene: exit 2), or ffmpeg ran and failed (exit 1, its last stderr lines
 * shown). An interrupted film is neither: film.ts reports it as its own outcome.
 */

export type RefusalReason = 'no-ffmpeg' | 'no-manifest' | 'no-scene';

/** Nothing was started: one line says why. */
export class FilmRefusal extends Error {
	override readonly name = 'FilmRefusal';
	constructor(
		readonly reason: RefusalReason,
		message: string,
	) {
		super(message);
	}
}

/** ffmpeg or ffprobe exited badly: the message names the program, `tail` holds its last stderr lines. */
export class FfmpegFailure extends Error {
	override readonly name = 'FfmpegFailure';
	constructor(
		message: string,
		readonly tail: readonly string[],
	) {
		super(message);
	}
}

/** How to get ffmpeg, said once wherever it is missing (readme: Making the film). */
export const installHint = 'install it (Debian/Ubuntu: sudo apt install ffmpeg; macOS: brew install ffmpeg)';
