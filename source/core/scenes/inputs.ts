// A scene's inputs beyond its prompt: frames, reference images, the clip it extends, the upscale it
// wants (docs/design.md §2). Only what the file itself shows is checked here; the images on disk are
// checked by images.ts once the whole file has been read.
import type {Fail} from './errors.js';
import {wholeNumber} from './whole-number.js';

export const upscaleTargets = ['1080p', '4k'] as const;
export type UpscaleTarget = (typeof upscaleTargets)[number];

export type SceneInputs = {
	/** The start frame: a path relative to the scene file. */
	image?: string;
	/** The end frame; only with a start frame. */
	endImage?: string;
	/** 1-3 reference images (the same character or place across scenes). */
	refs?: string[];
	/** The index of an earlier scene whose clip this one continues. */
	extend?: number;
	upscale?: UpscaleTarget;
};

/** Scene file keys (CSV columns, JSON keys) and the input each fills. */
export const inputFields = {
	image: 'image',
	end_image: 'endImage',
	refs: 'refs',
	extend: 'extend',
	upscale: 'upscale',
} as const satisfies Record<string, keyof SceneInputs>;

export const maxRefs = 3;

/**
 * The inputs in one scene's fields: CSV cells when `fromText` (refs `;`-separated), else JSON values
 * (refs an array). Undefined when the scene has none.
 */
export function readInputs(
	fields: Record<string, unknown>,
	line: number,
	fromText: boolean,
	fail: Fail,
): SceneInputs | undefined {
	const inputs: SceneInputs = {};
	const image = imagePath(fields.image, 'image', line, fail);
	const endImage = imagePath(fields.end_image, 'end_image', line, fail);
	if (image !== undefined) inputs.image = image;
	if (endImage !== undefined) {
		if (image === undefined) fail(line, 'end_image needs image (the start frame)');
		inputs.endImage = endImage;
	}

	const refs = refList(fields.refs, fromText, line, fail);
	if (refs !== undefined) {
		if (image !== undefined)
			fail(line, 'refs cannot go with image: Flow makes a video from frames or from references');
		inputs.refs = refs;
	}

	const extend = present(fields.extend);
	if (extend !== undefined) {
		const index = wholeNumber(extend, fromText);
		if (index === undefined || index < 1) {
			fail(line, 'extend must be the number of an earlier scene');
		}

		if (image !== undefined || refs !== undefined)
			fail(line, 'extend continues a clip: it takes no image or refs');
		inputs.extend = index;
	}

	const upscale = present(fields.upscale);
	if (upscale !== undefined) {
		const target = typeof upscale === 'string' ? upscale.trim().toLowerCase() : upscale;
		if (!(upscaleTargets as readonly unknown[]).includes(target)) fail(line, 'upscale must be 1080p or 4k');
		inputs.upscale = target as UpscaleTarget;
	}

	return Object.keys(inputs).length > 0 ? inputs : undefined;
}

/** JSON null and an empty CSV cell both mean "not given". */
function present(value: unknown): unknown {
	return value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value;
}

function imagePath(value: unknown, key: string, line: number, fail: Fail): string | undefined {
	const given = present(value);
	if (given === undefined) return undefined;
	if (typeof given !== 'string') fail(line, `${key} must be the path of an image file`);
	return given.trim();
}

function refList(value: unknown, fromText: boolean, line: number, fail: Fail): string[] | undefined {
	const given = present(value);
	if (given === undefined) return undefined;
	const wording = `refs must be 1-${maxRefs} image paths`;
	let paths: unknown[];
	if (fromText) paths = String(given).split(';');
	else if (Array.isArray(given)) paths = given;
	else fail(line, `${wording} (a JSON array)`);
	if (paths.some((path) => typeof path !== 'string')) fail(line, `${wording}, each a string`);
	const refs = (paths as string[]).map((path) => path.trim()).filter((path) => path !== '');
	if (refs.length === 0 || refs.length > maxRefs) fail(line, `${wording} (got ${refs.length})`);
	return refs;
}

/** How a scene with these inputs is made (events.ts SceneMode); an upscale alone leaves it text. */
export function modeOf(inputs: SceneInputs | undefined): 'text' | 'frames' | 'references' | 'extend' {
	if (inputs?.extend !== undefined) return 'extend';
	if (inputs?.image !== undefined) return 'frames';
	if (inputs?.refs !== undefined) return 'references';
	return 'text';
}

/** Every image a scene needs uploaded, in the order its generate call names them. */
export const imagesOf = (inputs: SceneInputs | undefined): string[] => [
	...(inputs?.image === undefined ? [] : [inputs.image]),
	...(inputs?.endImage === undefined ? [] : [inputs.endImage]),
	...(inputs?.refs ?? []),
];
