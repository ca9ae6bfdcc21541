/**
 * Reads a JSON body the way a proto JSON parser would: a field the message does not declare is an
 * error (that is how `videoLengthSeconds` and the 2025 `textInput.prompt` fail, docs/protocol-labs.md
 * §3.2). A schema names the declared fields; 'scalar' stops the walk.
 */
import {type GoogleError, invalidArgument, unknownFieldError} from '../shared/google-error.js';
import {isRecord} from '../shared/http-util.js';

export type Schema = {fields: Record<string, Schema | 'scalar'>} | {items: Schema};

/** The first field the schema does not declare, as Google words it; undefined when all are known. */
export function findUnknownField(value: unknown, schema: Schema, at = ''): GoogleError | undefined {
	if ('items' in schema) {
		if (!Array.isArray(value))
			return value === undefined ? undefined : invalidArgument(`Invalid value at '${at}'`);
		for (const [index, item] of value.entries()) {
			const error = findUnknownField(item, schema.items, `${at}[${index}]`);
			if (error) return error;
		}
		return undefined;
	}
	if (value === undefined || value === null) return undefined;
	if (!isRecord(value)) return invalidArgument(`Invalid value at '${at}'`);
	for (const [key, child] of Object.entries(value)) {
		const childSchema = schema.fields[key];
		if (childSchema === undefined) return unknownFieldError(key, at);
		if (childSchema === 'scalar') continue;
		const error = findUnknownField(child, childSchema, at ? `${at}.${key}` : key);
		if (error) return error;
	}
	return undefined;
}
