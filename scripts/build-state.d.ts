import type {BundleState, CompileState} from './build-plan.js';

export function modified(path: string): number | undefined;
export function sourceFiles(root: string): string[];
export function readCompileState(root: string): CompileState;
export function readBundleState(root: string): BundleState;
