import type {ModelLookup} from '../../labs/models.js';
import type {PaygateTier, TransportKind} from '../../labs/types.js';
import type {AccountHealth, PlanAccount} from '../events.js';
import type {SceneInputs} from '../scenes/inputs.js';

export type PlanSceneInput = {
	index: number;
	line?: number;
	prompt: string;
	model: string;
	copies: number;
	/** Images go up to the account that takes the scene; an extend goes where its source went. */
	inputs?: SceneInputs;
};

export type PlanAccountInput = {
	name: string;
	transport?: TransportKind;
	tier?: PaygateTier;
	credits?: number;
	health: AccountHealth;
	/** Why it cannot be used (cookie expired, moved to flow.google.com, …), without the account name. */
	reason?: string;
	/** Its share of the work follows its capacity. */
	maxInFlight: number;
	/** What its wire can do beyond a generate call (upload, extend, upscale); absent: everything. */
	can?: ReadonlySet<string>;
};

export type PlannedAccount = PlanAccount & {health: AccountHealth; reason?: string; usable: boolean};

export type PlanWarning = {scene: number; line?: number; message: string};

export type PlanVerdict = 'ok' | 'refused' | 'no-account';

export type Plan = {
	/** ok: start; refused: the run must not start (exit 2); no-account: no account could be prepared. */
	verdict: PlanVerdict;
	accounts: PlannedAccount[];
	/** Where each scene would go, in scene order; no account when none may take it. */
	scenes: Array<{scene: number; account?: string; cost: number}>;
	videos: number;
	/** Estimated from the catalogue; a model of unknown price counts 0 (and warns). */
	totalCost: number;
	/** Credits of the accounts that can work. */
	usableCredits: number;
	maxCredits?: number;
	/** Why the run is refused, one line each; empty when the verdict is ok. */
	problems: string[];
	/** Worth knowing before spending credits; never a refusal. */
	warnings: PlanWarning[];
};

export type PlanInput = {
	scenes: PlanSceneInput[];
	accounts: PlanAccountInput[];
	models: ModelLookup;
	maxCredits?: number;
	/** The scene file's name, for `scenes.txt:7: …` messages. */
	sceneFile?: string;
};
