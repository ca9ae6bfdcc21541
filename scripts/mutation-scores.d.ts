export const requiredScore: number;

export type MutationRow = {
	path: string;
	killed: number;
	survived: number;
	noCoverage: number;
	ignored: number;
	valid: number;
	score: number | null;
};

export type ReportMutant = {
	status: string;
	mutatorName?: string;
	replacement?: string;
	location?: {start?: {line?: number; column?: number}};
};

export type MutationReport = {files?: Record<string, {mutants?: ReportMutant[]}>};

export type UndetectedMutant = {where: string; status: string; mutator?: string; replacement: string};

export function mutationScores(report: MutationReport): MutationRow[];
export function belowBar(rows: MutationRow[], bar?: number): MutationRow[];
export function undetectedMutants(report: MutationReport): UndetectedMutant[];
