/**
 * Each take's codec, size, pixel format, frame rate, audio and duration, as ffprobe reports them
 * (readme: Making the film). ffprobe runs once per kind of clip (mp4-header.ts): a hundred clips from
 * one model are one ffprobe, not a hundred.
 */

import {execFile} from 'node:child_process';
import {availableParallelism} from 'node:os';
import {FfmpegFailure} from './errors.js';
import {type Mp4Header, readMp4Header} from './mp4-header.js';

export type VideoInfo = {codec: string; width: number; height: number; pixFmt: string; frameRate: string};
export type AudioInfo = {codec: string; sampleRate: number; channels: number};

export type ClipInfo = {
	video: VideoInfo;
	/** Undefined: the clip is silent. */
	audio?: AudioInfo;
	durationSec: number;
};

type ProbedStream = {
	codec_type?: string;
	codec_name?: string;
	width?: number;
	height?: number;
	pix_fmt?: string;
	r_frame_rate?: string;
	sample_rate?: string;
	channels?: number;
};

const entries =
	'stream=codec_type,codec_name,width,height,pix_fmt,r_frame_rate,sample_rate,channels:format=duration';

/** ffprobe's answer for one file; an FfmpegFailure when it cannot read it or finds no video. */
export function ffprobeClip(ffprobe: string, path: string, name: string): Promise<ClipInfo> {
	return new Promise((resolve, reject) => {
		const args = ['-v', 'error', '-show_entries', entries, '-of', 'json', path];
		execFile(ffprobe, args, {maxBuffer: 4 * 1024 * 1024}, (error, stdout, stderr) => {
			if (error) {
				const tail = String(stderr).trim().split('\n').filter(Boolean).slice(-5);
				reject(new FfmpegFailure(`ffprobe could not read ${name} (${error.message.split('\n')[0]})`, tail));
				return;
			}
			try {
				resolve(
					clipInfo(JSON.parse(stdout) as {streams?: ProbedStream[]; format?: {duration?: string}}, name),
				);
			} catch (failure) {
				reject(failure);
			}
		});
	});
}

function clipInfo(probed: {streams?: ProbedStream[]; format?: {duration?: string}}, name: string): ClipInfo {
	const streams = probed.streams ?? [];
	const video = streams.find((stream) => stream.codec_type === 'video');
	if (!video?.codec_name || !video.width || !video.height) {
		throw new FfmpegFailure(`${name} has no video stream ffprobe can read`, []);
	}
	const audio = streams.find((stream) => stream.codec_type === 'audio');
	return {
		video: {
			codec: video.codec_name,
			width: video.width,
			height: video.height,
			pixFmt: video.pix_fmt ?? 'unknown',
			frameRate: video.r_frame_rate ?? '0/0',
		},
		...(audio?.codec_name
			? {
					audio: {
						codec: audio.codec_name,
						sampleRate: Number(audio.sample_rate ?? 0),
						channels: audio.channels ?? 0,
					},
				}
			: {}),
		durationSec: Number(probed.format?.duration ?? 0) || 0,
	};
}

/** The clips' MP4 headers, and which clips are of one kind (the indices of each kind, in order). */
export type ClipKinds = {headers: Array<Mp4Header | undefined>; kinds: number[][]};

export async function clipKinds(paths: readonly string[]): Promise<ClipKinds> {
	const headers = await Promise.all(paths.map(readMp4Header));
	const kinds = new Map<string, number[]>();
	headers.forEach((header, i) => {
		// A clip without a readable header is a kind of its own: probed alone.
		const key = header?.signature ?? `alone:${i}`;
		kinds.set(key, [...(kinds.get(key) ?? []), i]);
	});
	return {headers, kinds: [...kinds.values()]};
}

/**
 * Every clip's ClipInfo, in order: ffprobe's answer for the first clip of each kind holds for the
 * others of that kind, each keeping its own duration.
 */
export async function probeKinds(
	ffprobe: string,
	clips: ReadonlyArray<{path: string; name: string}>,
	{headers, kinds}: ClipKinds,
): Promise<ClipInfo[]> {
	const answers = new Map<number, ClipInfo>();
	await inParallel(
		kinds.map((members) => members[0] as number),
		async (i) => {
			const clip = clips[i] as {path: string; name: string};
			answers.set(i, await ffprobeClip(ffprobe, clip.path, clip.name));
		},
	);
	const infos: ClipInfo[] = [];
	for (const members of kinds) {
		const answer = answers.get(members[0] as number) as ClipInfo;
		for (const i of members)
			infos[i] = {...answer, durationSec: headers[i]?.durationSec ?? answer.durationSec};
	}
	return infos;
}

/** Runs `work` on each item, as many at once as there are cores. */
async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await work(items[next++] as T);
	};
	await Promise.all(Array.from({length: Math.min(items.length, availableParallelism())}, worker));
}
