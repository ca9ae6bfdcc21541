export const compileInputs: string[];
export const bundleInputs: string[];
export const buildInfoFile: string;
export const stampFile: string;
export function isSource(path: string): boolean;
export function isBundleFile(name: string): boolean;
export function compiledPath(sourcePath: string): string | undefined;

/** What the last successful build wrote: when it started, its Node.js, the sources it compiled. */
export type Stamp = {date: number; node: string | undefined; sources: string[]};
export type CompileState = {
	stamp: Stamp | undefined;
	sources: string[];
	newestInput: number;
	compiledMissing: boolean;
};
export type BundleState = {bundled: number | undefined; newestInput: number; builtWith: string | undefined};

export function compileNeeded(state: CompileState): boolean;
export function bundleNeeded(state: BundleState & {node: string}): boolean;
export function buildingMessage(env: NodeJS.ProcessEnv, platform?: NodeJS.Platform): string;
