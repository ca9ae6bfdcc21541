/** The two video shapes Flow makes: landscape and portrait (docs/protocol-flow.md, "Models"). */
export const aspects = ['16:9', '9:16'] as const;
export type Aspect = (typeof aspects)[number];

export const isAspect = (value: unknown): value is Aspect => (aspects as readonly unknown[]).includes(value);
