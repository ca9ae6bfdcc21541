/** People paste either the bare cookie value or a whole Cookie header copied from the browser. */
export function normaliseSessionCookie(input: string): string {
	const trimmed = input.trim();
	const match = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token=([^;]+)/.exec(trimmed);
	return match?.[1] ?? trimmed;
}
