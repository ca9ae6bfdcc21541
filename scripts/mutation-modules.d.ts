export type MutationGroup = {name: string; mutate: string[]; tests: string[]};
export const mutationGroups: MutationGroup[];
export function selectedGroup(name?: string): MutationGroup;
export function incrementalFileOf(name: string): string;
export function reportFileOf(name: string): string;
