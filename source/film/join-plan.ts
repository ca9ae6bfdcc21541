/**
 * How the takes are joined, and why (readme: Making the film). Clips that share codec, size, pixel
 * format, frame rate and audio are joined by ffmpeg's concat demuxer with a stream copy: no quality
 * lost, as fast as the disk. Anything else is re-encoded (H.264 + AAC) to the first clip's size, the
 * others scaled and padded to it, with silence for a silent clip when others have sound.
 */

import type {AudioInfo, ClipInfo} from './probe.js';
import {numbered} from './words.js';

export type JoinMethod = 'copy' | 'encode';
export type JoinPlan = {method: JoinMethod; reason: string};

const size = (info: ClipInfo) => `${info.video.width}x${info.video.height}`;

/** "24" for 24/1, "29.97" for 30000/1001. */
export function fps(rate: string): string {
	const [num, den] = rate.split('/').map(Number);
	if (!num || !den) return rate;
	return String(Math.round((num / den) * 100) / 100);
}

const audioFormat = (audio: AudioInfo | undefined) =>
	audio ? `${audio.codec} ${audio.sampleRate / 1000} kHz ${audio.channels} ch` : 'none';

type Property = {
	value: (info: ClipInfo) => string;
	/** What the odd clips are ("is 1280x720"; plural: "are …"); then what the others are. */
	odd: (value: string, plural: boolean) => string;
	rest: (value: string) => string;
};

const is = (plural: boolean) => (plural ? 'are' : 'is');
const has = (plural: boolean) => (plural ? 'have' : 'has');

/** In the order a reason names them: the first that differs is the one said. */
const properties: Property[] = [
	{value: (info) => info.video.codec, odd: (v, p) => `${is(p)} ${v}`, rest: (v) => v},
	{value: size, odd: (v, p) => `${is(p)} ${v}`, rest: (v) => v},
	{value: (info) => info.video.pixFmt, odd: (v, p) => `${is(p)} ${v}`, rest: (v) => v},
	{value: (info) => fps(info.video.frameRate), odd: (v, p) => `${is(p)} ${v} fps`, rest: (v) => `${v} fps`},
	{
		value: (info) => (info.audio ? 'audio' : 'silent'),
		odd: (v, p) => (v === 'silent' ? `${has(p)} no audio` : `${has(p)} audio`),
		rest: (v) => (v === 'silent' ? 'have none (silence is added to them)' : 'do (silence is added)'),
	},
	{
		value: (info) => audioFormat(info.audio),
		odd: (v, p) => `${has(p)} ${v} audio`,
		rest: (v) => v,
	},
];

/** Stream copy when every property matches; else re-encoding, naming the first that does not. */
export function planJoin(infos: readonly ClipInfo[]): JoinPlan {
	const first = infos[0] as ClipInfo;
	for (const property of properties) {
		const values = infos.map(property.value);
		if (values.every((value) => value === values[0])) continue;
		return {method: 'encode', reason: `re-encoding: ${oddOnes(values, property)}`};
	}
	const audio = first.audio ? `, ${first.audio.codec} audio` : '';
	return {
		method: 'copy',
		reason: `stream copy: ${infos.length} clips share ${first.video.codec} ${size(first)} at ${fps(first.video.frameRate)} fps${audio}`,
	};
}

/** "clip 3 is 1280x720, the others 320x180": the most common value is the others'. */
function oddOnes(values: readonly string[], property: Property): string {
	const counts = new Map<string, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	// Ties go to the first clip's value: it sets the film's size.
	let common = values[0] as string;
	for (const [value, count] of counts) if (count > (counts.get(common) ?? 0)) common = value;
	const parts: string[] = [];
	for (const value of counts.keys()) {
		if (value === common) continue;
		const clips = values.flatMap((each, i) => (each === value ? [i + 1] : []));
		parts.push(`${numbered('clip', clips)} ${property.odd(value, clips.length > 1)}`);
	}
	return `${parts.join(', ')}, the others ${property.rest(common)}`;
}
