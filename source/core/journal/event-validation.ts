// The reducer trusts its input, so a line must look like the event it claims to be.

import type {RunEvent} from '../events.js';
import {accountHealths, mediaStates, sceneStates, takeChoosers} from '../events.js';
import {upscaleTargets} from '../scenes/inputs.js';

const healths = new Set<string>(accountHealths);
const mediaStateSet = new Set<string>(mediaStates);
const sceneStateSet = new Set<string>(sceneStates);
const upscaleSet = new Set<string>(upscaleTargets);
const chooserSet = new Set<string>(takeChoosers);

type Fields = Record<string, unknown>;

const isString = (value: unknown): value is string => typeof value === 'string';
// Number.isFinite is false for anything but a finite number (no coercion), and JSON reads 1e999 as Infinity.
const isNumber = (value: unknown): value is number => Number.isFinite(value);
const isIndex = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;
const isOptional = (value: unknown, check: (value: unknown) => boolean): boolean =>
	value === undefined || check(value);
// `?.`: an item may be null; one with a string `name` is an object. No other value has the fields.
const isMediaList = (value: unknown): boolean =>
	Array.isArray(value) && value.every((item) => isString(item?.name) && isNumber(item.copy));

const validators: Record<string, (event: Fields) => boolean> = {
	'run.start': (e) =>
		isString(e.runId) &&
		typeof e.resumed === 'boolean' &&
		isNumber(e.scenes) &&
		Array.isArray(e.accounts) &&
		e.accounts.every(isString),
	'run.plan': (e) => Array.isArray(e.accounts) && isNumber(e.totalCost),
	'account.state': (e) => isString(e.account) && healths.has(e.health as string),
	'scene.state': (e) =>
		isIndex(e.scene) &&
		isString(e.id) &&
		sceneStateSet.has(e.state as string) &&
		isIndex(e.attempt) &&
		isOptional(e.account, isString) &&
		isOptional(e.projectId, isString) &&
		isOptional(e.error, isString) &&
		isOptional(e.batchId, isString) &&
		isOptional(e.media, isMediaList),
	'media.state': (e) =>
		isIndex(e.scene) &&
		isIndex(e.attempt) &&
		isString(e.name) &&
		mediaStateSet.has(e.state as string) &&
		isOptional(e.poster, isString) &&
		isOptional(e.upscale, (value) => upscaleSet.has(value as string)) &&
		isOptional(e.source, isString) &&
		isOptional(e.copy, isIndex),
	'image.upload': (e) =>
		isString(e.account) &&
		isString(e.file) &&
		isString(e.sha256) &&
		isString(e.name) &&
		isString(e.projectId),
	'take.chosen': (e) => isIndex(e.scene) && isIndex(e.copy) && chooserSet.has(e.by as string),
	'run.paused': (e) => typeof e.paused === 'boolean',
	'run.stopping': (e) => typeof e.now === 'boolean',
	'run.end': (e) =>
		isNumber(e.done) &&
		isNumber(e.failed) &&
		isNumber(e.skipped) &&
		isNumber(e.inDoubt) &&
		isNumber(e.durationMs),
};

export function parseEvent(line: string): RunEvent | undefined {
	let fields: Fields;
	try {
		// A line may hold any JSON value. Null becomes {}; no other non-object has a `type` string.
		fields = JSON.parse(line) ?? {};
	} catch {
		return undefined;
	}
	if (!isString(fields.type) || !isNumber(fields.ts)) return undefined;
	const valid = Object.hasOwn(validators, fields.type) ? validators[fields.type] : undefined;
	return valid?.(fields) ? (fields as unknown as RunEvent) : undefined;
}
