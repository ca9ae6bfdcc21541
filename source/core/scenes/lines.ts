// The line-per-scene formats: .txt and .jsonl.
import {checkPrompt, type SceneBuilder} from './builder.js';
import type {Fail} from './errors.js';
import {fromJsonObject, jsonReason} from './json.js';

export function parseTxt(text: string, builder: SceneBuilder, fail: Fail): void {
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const prompt = (lines[i] ?? '').trim();
		if (prompt === '' || prompt.startsWith('#')) {
			continue;
		}

		builder.add({line: i + 1, prompt: checkPrompt(prompt, i + 1, fail)});
	}
}

export function parseJsonl(text: string, builder: SceneBuilder, fail: Fail): void {
	const lines = text.split('\n');
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i] ?? '';
		const line = i + 1;
		if (raw.trim() === '') {
			continue;
		}

		let value: unknown;
		try {
			value = JSON.parse(raw);
		} catch (error) {
			fail(line, `invalid JSON (${jsonReason(error)})`);
		}

		builder.add(fromJsonObject(value, line, fail));
	}
}
