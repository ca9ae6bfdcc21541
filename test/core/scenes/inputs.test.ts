// Proves a scene file's inputs beyond the prompt (image, end_image, refs, extend, upscale) are read
// from CSV cells and JSON values alike, and that every rule the file alone can break is refused on
// its line (issue 18).
import {describe, expect, it} from 'vitest';
import {parseScenes, type Scene, type SceneDefaults, SceneFileError} from '../../../source/core/scenes.js';

const defaults: SceneDefaults = {aspect: '16:9', model: 'veo_3_1_t2v_fast', copies: 1};

const parse = (text: string, file = 'scenes.csv'): Scene[] => parseScenes(text, file, defaults);

function messageOf(text: string, file = 'scenes.csv'): string {
	try {
		parse(text, file);
	} catch (error) {
		expect(error).toBeInstanceOf(SceneFileError);
		return (error as SceneFileError).message;
	}

	throw new Error('expected a SceneFileError, nothing was thrown');
}

describe('scene inputs from CSV', () => {
	it('reads every column, refs split on ;, upscale in any case', () => {
		const scenes = parse(
			[
				'prompt,image,end_image,refs,extend,upscale',
				'a dawn,start.png,end.jpg,,,',
				'the hero again,,,hero.png; city.webp ;,,1080P',
				'and then,,,,1,4k',
				'plain words,,,,,',
			].join('\n'),
		);
		expect(scenes.map((scene) => scene.inputs)).toEqual([
			{image: 'start.png', endImage: 'end.jpg'},
			{refs: ['hero.png', 'city.webp'], upscale: '1080p'},
			{extend: 1, upscale: '4k'},
			undefined,
		]);
	});

	it('takes extend with spaces around its digits, and of any earlier scene', () => {
		const rows = Array.from({length: 10}, (_, i) => `scene ${i + 1},`);
		const scenes = parse(['prompt,extend', ...rows, 'eleventh," 10 "', 'twelfth,1'].join('\n'));
		expect(scenes.slice(10).map((scene) => scene.inputs)).toEqual([{extend: 10}, {extend: 1}]);
	});

	it('takes exactly three refs', () => {
		expect(parse('prompt,refs\nx,a.png;b.png;c.png')[0]?.inputs).toEqual({refs: ['a.png', 'b.png', 'c.png']});
	});

	it.each([
		[
			'end_image without image',
			'prompt,end_image\nx,end.png',
			'scenes.csv:2: end_image needs image (the start frame)',
		],
		[
			'refs with a start frame',
			'prompt,image,refs\nx,a.png,b.png',
			'scenes.csv:2: refs cannot go with image: Flow makes a video from frames or from references',
		],
		[
			'four refs',
			'prompt,refs\nx,a.png;b.png;c.png;d.png',
			'scenes.csv:2: refs must be 1-3 image paths (got 4)',
		],
		['refs of only separators', 'prompt,refs\nx,; ;', 'scenes.csv:2: refs must be 1-3 image paths (got 0)'],
		[
			'extend of itself',
			'prompt,extend\nfirst,\nsecond,2',
			'scenes.csv:3: extend must name an earlier scene (this is scene 2)',
		],
		[
			'extend of a later scene',
			'prompt,extend\nfirst,3\nsecond,\nthird,',
			'scenes.csv:2: extend must name an earlier scene (this is scene 1)',
		],
		[
			'extend that is not a number',
			'prompt,extend\nfirst,\nx,one',
			'scenes.csv:3: extend must be the number of an earlier scene',
		],
		['extend 0', 'prompt,extend\nfirst,\nx,0', 'scenes.csv:3: extend must be the number of an earlier scene'],
		[
			'extend with a letter after',
			'prompt,extend\nfirst,\nx,1a',
			'scenes.csv:3: extend must be the number of an earlier scene',
		],
		[
			'extend with a letter before',
			'prompt,extend\nfirst,\nx,a1',
			'scenes.csv:3: extend must be the number of an earlier scene',
		],
		[
			'extend with a space inside',
			'prompt,extend\nfirst,\nx,"1 1"',
			'scenes.csv:3: extend must be the number of an earlier scene',
		],
		[
			'extend with an image',
			'prompt,image,extend\nfirst,,\nx,a.png,1',
			'scenes.csv:3: extend continues a clip: it takes no image or refs',
		],
		[
			'extend with refs',
			'prompt,refs,extend\nfirst,,\nx,a.png,1',
			'scenes.csv:3: extend continues a clip: it takes no image or refs',
		],
		['an unknown upscale', 'prompt,upscale\nx,720p', 'scenes.csv:2: upscale must be 1080p or 4k'],
	])('refuses %s on its line', (_name, text, expected) => {
		expect(messageOf(text)).toBe(expected);
	});
});

describe('scene inputs from JSON', () => {
	it('reads refs as an array and extend as a number, null as absent', () => {
		const scenes = parse(
			[
				'{"prompt": "first", "image": "a.png", "upscale": null}',
				'{"prompt": "second", "refs": ["hero.png", " city.png "], "extend": null}',
				'{"prompt": "third", "extend": 2, "upscale": "4k"}',
			].join('\n'),
			'scenes.jsonl',
		);
		expect(scenes.map((scene) => scene.inputs)).toEqual([
			{image: 'a.png'},
			{refs: ['hero.png', 'city.png']},
			{extend: 2, upscale: '4k'},
		]);
	});

	it('trims paths and upscale, and reads blank strings as absent', () => {
		const scenes = parse(
			[
				'{"prompt": "first", "image": " a.png ", "upscale": " 4K "}',
				'{"prompt": "second", "image": "  ", "refs": "", "upscale": ""}',
			].join('\n'),
			'scenes.jsonl',
		);
		expect(scenes.map((scene) => scene.inputs)).toEqual([{image: 'a.png', upscale: '4k'}, undefined]);
	});

	it.each([
		[
			'refs as one string',
			'{"prompt": "x", "refs": "a.png"}',
			'scenes.jsonl:1: refs must be 1-3 image paths (a JSON array)',
		],
		[
			'refs holding a number',
			'{"prompt": "x", "refs": ["a.png", 7]}',
			'scenes.jsonl:1: refs must be 1-3 image paths, each a string',
		],
		[
			'an empty refs list',
			'{"prompt": "x", "refs": []}',
			'scenes.jsonl:1: refs must be 1-3 image paths (got 0)',
		],
		[
			'an image that is not a path',
			'{"prompt": "x", "image": 5}',
			'scenes.jsonl:1: image must be the path of an image file',
		],
		[
			'an end_image that is not a path',
			'{"prompt": "x", "image": "a.png", "end_image": true}',
			'scenes.jsonl:1: end_image must be the path of an image file',
		],
		[
			'extend as text',
			'{"prompt": "x"}\n{"prompt": "y", "extend": "1"}',
			'scenes.jsonl:2: extend must be the number of an earlier scene',
		],
		[
			'extend as a fraction',
			'{"prompt": "x"}\n{"prompt": "y", "extend": 1.5}',
			'scenes.jsonl:2: extend must be the number of an earlier scene',
		],
		['upscale as a number', '{"prompt": "x", "upscale": 4}', 'scenes.jsonl:1: upscale must be 1080p or 4k'],
	])('refuses %s on its line', (_name, text, expected) => {
		expect(messageOf(text, 'scenes.jsonl')).toBe(expected);
	});

	it('keeps the txt format prompt-only: a line that looks like a column is a prompt', () => {
		expect(parse('image,a.png', 'scenes.txt')[0]).toMatchObject({prompt: 'image,a.png'});
		expect(parse('image,a.png', 'scenes.txt')[0]?.inputs).toBeUndefined();
	});
});
