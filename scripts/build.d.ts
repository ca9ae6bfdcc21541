export const root: string;
export function stale(): boolean;
export function compile(options?: {fresh?: boolean}): number;
export function bundle(): Promise<void>;
export function build(options?: {all?: boolean; keepGoing?: boolean}): Promise<number>;
