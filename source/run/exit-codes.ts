/** flowdeck's exit codes (readme: Exit codes). A module of its own: the CLI needs them before any command loads. */
export const exitCodes = {ok: 0, failed: 1, usage: 2, noAccount: 3, interrupted: 130} as const;
