/**
 * The settings file's JSON schema, which conf checks on every read and write, and the lookup of a rule
 * by key that turns a violation into its wording.
 */

import {aspects} from '../labs/aspect.js';
import {
	accountNamePattern,
	accountNameRule,
	credentialsRule,
	maxInFlightRange,
	maxInFlightRule,
	transportChoices,
	transportRule,
} from './account-rules.js';
import {checkResults} from './settings-types.js';

// Each `description` is also the error's wording: the schema is the one place a rule is written.
const nonEmpty = {type: 'string', minLength: 1, description: 'must be a non-empty string'} as const;
const maxInFlight = {
	type: 'integer',
	minimum: maxInFlightRange.min,
	maximum: maxInFlightRange.max,
	description: `must be ${maxInFlightRule}`,
} as const;

/** The wording of an account that has neither kind of cookie. */
const needsCredentials = `${credentialsRule}, or both`;

export const schema = {
	defaults: {
		type: 'object',
		description: 'must be an object like {"copies": 2}',
		additionalProperties: false,
		properties: {
			model: {
				type: 'string',
				pattern: '^[a-z0-9_]+$',
				description: 'must be a model key like veo_3_1_t2v_fast',
			},
			aspect: {enum: [...aspects], description: 'must be "16:9" or "9:16"'},
			copies: {type: 'integer', minimum: 1, maximum: 4, description: 'must be a whole number from 1 to 4'},
			maxInFlight,
			pollInterval: {
				type: 'number',
				minimum: 0.01,
				maximum: 600,
				description: 'must be a number of seconds from 0.01 to 600',
			},
			out: {...nonEmpty, description: 'must be a folder path'},
			captchaCommand: nonEmpty,
		},
	},
	accounts: {
		type: 'array',
		description: 'must be a list of accounts',
		items: {
			type: 'object',
			description: 'must be an object like {"name": "acc1", "cookie": "…"}',
			additionalProperties: false,
			required: ['name'],
			// ajv reports each branch's missing key as well: describeViolation reports this wording instead.
			anyOf: [
				{required: ['cookie'], description: needsCredentials},
				{required: ['googleCookies'], description: needsCredentials},
			],
			properties: {
				name: {
					type: 'string',
					pattern: accountNamePattern,
					description: `must be ${accountNameRule}`,
				},
				cookie: {...nonEmpty, description: 'must be the session cookie (a non-empty string)'},
				googleCookies: {
					...nonEmpty,
					description: 'must be a Cookie-Editor JSON export or a Cookie header (a non-empty string)',
				},
				transport: {enum: [...transportChoices], description: `must be ${transportRule}`},
				projectId: nonEmpty,
				maxInFlight,
				captchaCommand: nonEmpty,
				lastCheck: {
					type: 'object',
					description: 'must be an object (written by `flowdeck accounts check`)',
					required: ['at', 'result'],
					properties: {
						at: {type: 'string', description: 'must be a time (ISO-8601)'},
						result: {enum: [...checkResults], description: `must be one of ${checkResults.join(', ')}`},
						tier: {type: 'string', description: 'must be a string'},
						credits: {type: 'number', description: 'must be a number'},
						message: {type: 'string', description: 'must be a string'},
						transport: {enum: ['labs', 'flow'], description: 'must be "labs" or "flow"'},
					},
				},
			},
		},
	},
} as const;

export type SchemaNode = {
	description?: string;
	properties?: Record<string, SchemaNode>;
	items?: SchemaNode;
	anyOf?: Array<{required?: string[]; description?: string}>;
};

export function schemaNodeAt(segments: string[]): SchemaNode | undefined {
	let node: SchemaNode | undefined = {properties: schema as unknown as Record<string, SchemaNode>};
	for (const segment of segments) {
		node = /^\d+$/.test(segment) ? node?.items : node?.properties?.[segment];
	}
	return node;
}
