// The modules `npm run test:mutation` mutates, in groups, each with the test files that target it
// (docs/mutation.md). A group is one StrykerJS run: a mutant that runs at load time (a table, a
// pattern) can be covered by no single test, so it runs every test of its group, and small groups
// keep those runs short. stryker.config.mjs and vitest.mutation.config.ts read the group named by
// MUTATION_GROUP from here.

export const mutationGroups = [
	{
		name: 'errors',
		mutate: [
			'source/labs/errors/flow-error.ts',
			'source/labs/errors/public-errors.ts',
			'source/labs/errors/http.ts',
			'source/labs/errors/network.ts',
			'source/labs/wire/flow/errors.ts',
			'source/labs/wire/flow/session.ts',
		],
		tests: [
			'test/labs/errors/index.test.ts',
			'test/labs/errors/http.test.ts',
			'test/labs/errors/network.test.ts',
			'test/labs/wire/flow/errors.test.ts',
			'test/labs/wire/flow/errors-codes.test.ts',
			'test/labs/wire/flow/session.test.ts',
		],
	},
	{
		name: 'flow-wire',
		mutate: [
			'source/labs/wire/flow/batchexecute.ts',
			'source/labs/wire/flow/rpc-ids.ts',
			'source/labs/wire/flow/payload-builders.ts',
			'source/labs/wire/flow/payload-unreadable.ts',
			'source/labs/wire/flow/payload-answers.ts',
			'source/labs/wire/flow/payload-status.ts',
			'source/labs/wire/flow/record.ts',
			'source/labs/wire/flow/contents.ts',
		],
		tests: [
			'test/labs/wire/flow/batchexecute*.test.ts',
			'test/labs/wire/flow/payloads.test.ts',
			'test/labs/wire/flow/payloads-*.test.ts',
			'test/labs/wire/flow/record.test.ts',
			'test/labs/wire/flow/contents.test.ts',
			'test/labs/wire/flow/fuzz-regressions.test.ts',
			'test/labs/wire/flow/lookup-*.test.ts',
			'test/labs/wire/captures/flow-*.test.ts',
			'test/labs/wire/shapes/*.test.ts',
		],
	},
	{
		name: 'labs-wire',
		mutate: [
			'source/labs/wire/labs/protocol.ts',
			'source/labs/wire/labs/protocol-builders.ts',
			'source/labs/wire/labs/protocol-read.ts',
			'source/labs/wire/labs/protocol-redirect.ts',
			'source/labs/wire/labs/protocol-session.ts',
			'source/labs/wire/labs/protocol-status.ts',
			'source/labs/wire/labs/protocol-upload.ts',
		],
		tests: [
			'test/labs/wire/labs/protocol.test.ts',
			'test/labs/wire/labs/protocol-*.test.ts',
			'test/labs/wire/captures/labs*.test.ts',
		],
	},
	{
		name: 'download',
		mutate: ['source/labs/download/download.ts'],
		tests: ['test/labs/download/download.test.ts', 'test/labs/download/download-*.test.ts'],
	},
	{
		name: 'scenes',
		mutate: [
			'source/core/scenes.ts',
			'source/core/scenes/builder.ts',
			'source/core/scenes/csv.ts',
			'source/core/scenes/errors.ts',
			'source/core/scenes/json.ts',
			'source/core/scenes/json-layout.ts',
			'source/core/scenes/lines.ts',
			'source/core/scenes/read.ts',
			'source/core/scenes/inputs.ts',
			'source/core/scenes/images.ts',
			'source/core/scenes/whole-number.ts',
		],
		tests: ['test/core/scenes.test.ts', 'test/core/scenes/*.test.ts'],
	},
	{
		name: 'run',
		mutate: [
			'source/core/run-state.ts',
			'source/core/scheduler.ts',
			'source/core/journal/writer.ts',
			'source/core/journal/paths.ts',
			'source/core/journal/reader.ts',
			'source/core/journal/replay.ts',
			'source/core/journal/event-validation.ts',
		],
		tests: [
			'test/core/run-state.test.ts',
			'test/core/scheduler.test.ts',
			'test/core/journal/*.test.ts',
			'test/core/manifest.test.ts',
			'test/core/run-state-views.test.ts',
			'test/core/run-state-modes.test.ts',
		],
	},
	{
		name: 'policy',
		mutate: ['source/core/pipeline/policy.ts'],
		tests: ['test/core/pipeline/policy.test.ts'],
	},
	{
		// Issue 18: where ownership lets a scene go, what a wire can do, the key and body per mode.
		name: 'modes',
		mutate: [
			'source/core/pipeline/placement.ts',
			'source/core/pipeline/abilities.ts',
			'source/labs/mode-models.ts',
			'source/labs/request-mode.ts',
			'source/labs/wire/labs/protocol-modes.ts',
			'source/labs/wire/labs/protocol-upscale.ts',
			'source/labs/wire/flow/generate-items.ts',
			'source/labs/wire/flow/payload-upload.ts',
		],
		tests: [
			'test/core/pipeline/placement.test.ts',
			'test/core/pipeline/abilities.test.ts',
			'test/core/scheduler.test.ts',
			'test/labs/mode-models.test.ts',
			'test/labs/models-modes.test.ts',
			'test/labs/wire/labs/protocol-modes.test.ts',
			'test/labs/wire/labs/protocol-upscale.test.ts',
			'test/labs/wire/flow/payloads.test.ts',
			'test/labs/wire/flow/payloads-frames.test.ts',
			'test/labs/wire/flow/payloads-upload.test.ts',
			'test/labs/wire/flow/transport-modes.test.ts',
			'test/labs/wire/labs/protocol.test.ts',
			'test/labs/wire/labs/transport-modes.test.ts',
			'test/labs/account/client-modes.test.ts',
		],
	},
];

/** The group MUTATION_GROUP names; without one, every module and every test of every group. */
export function selectedGroup(name = process.env.MUTATION_GROUP) {
	if (name === undefined || name === '') {
		return {
			name: 'all',
			mutate: mutationGroups.flatMap((group) => group.mutate),
			tests: mutationGroups.flatMap((group) => group.tests),
		};
	}
	const group = mutationGroups.find((candidate) => candidate.name === name);
	if (group === undefined) {
		const names = mutationGroups.map((candidate) => candidate.name).join(', ');
		throw new Error(`unknown mutation group "${name}" (one of: ${names})`);
	}
	return group;
}

/** Where a group keeps its incremental results and its JSON report. */
export const incrementalFileOf = (name) => `reports/mutation/${name}.incremental.json`;
export const reportFileOf = (name) => `reports/mutation/${name}.json`;
