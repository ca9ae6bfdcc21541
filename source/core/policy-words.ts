/**
 * Words that make Flow's safety filter likely to refuse a prompt (PUBLIC_ERROR_MINOR and friends):
 * mentions of children, in English and Vietnamese, and ages under 18. A hint shown before any credit
 * is spent, never a refusal: the filter judges the video, not the words, and "a toy boat" is fine.
 * Real people's names are out of scope.
 */

const englishWords = [
	'child',
	'children',
	'kid',
	'kids',
	'baby',
	'babies',
	'boy',
	'boys',
	'girl',
	'girls',
	'teen',
	'teens',
	'teenager',
	'teenagers',
	'toddler',
	'toddlers',
	'infant',
	'infants',
	'schoolgirl',
	'schoolgirls',
	'schoolboy',
	'schoolboys',
];

const vietnameseWords = ['cô bé', 'cậu bé', 'em bé', 'bé gái', 'bé trai', 'trẻ em', 'trẻ con', 'học sinh'];

// A "word" edge is any letter or digit in any script: \b only knows ASCII, and "bé" ends in é.
const before = '(?<![\\p{L}\\p{N}\\p{M}])';
const after = '(?![\\p{L}\\p{N}\\p{M}])';

const phrase = (words: readonly string[]): string =>
	words.map((word) => word.normalize('NFC').replace(/ /g, '\\s+')).join('|');

/**
 * One rule: its exact regular expression, and a quick one without the word-edge checks. The edges
 * (Unicode letter classes in look-arounds, case-insensitive) cost V8 some 15 ms to compile, on the
 * path to a run's first line; the quick one matches wherever the exact one could, so the exact one is
 * compiled and run only for a prompt the quick one finds something in, which most prompts are not.
 */
type Rule = {quick: RegExp; source: string; exact?: RegExp};

const rule = (core: string): Rule => ({quick: new RegExp(core, 'iu'), source: `${before}${core}${after}`});

function matchesOf(text: string, target: Rule): Iterable<RegExpExecArray> {
	if (!target.quick.test(text)) return [];
	target.exact ??= new RegExp(target.source, 'giu');
	return text.matchAll(target.exact);
}

const wordRule = rule(`(?:${phrase([...englishWords, ...vietnameseWords])})`);

// "12-year-old", "12 years old", "12yo", "12 y/o", "aged 12", "age 12", "12 tuổi".
const ageRules = [
	rule('(\\d{1,2})[\\s-]*(?:years?|yrs?)[\\s-]*old'),
	rule('(\\d{1,2})\\s*(?:yo|y/o)'),
	rule('(\\d{1,2})\\s*tuổi'),
	rule('aged?\\s+(\\d{1,2})'),
];

const adultAge = 18;

/** The words of a prompt that suggest a minor, as written in the prompt, each once, in order. */
export function policyRisks(prompt: string): string[] {
	const text = prompt.normalize('NFC');
	const found: Array<{at: number; text: string}> = [];
	for (const match of matchesOf(text, wordRule)) found.push({at: match.index, text: match[0]});
	for (const ageRule of ageRules) {
		for (const match of matchesOf(text, ageRule)) {
			if (Number(match[1]) < adultAge) found.push({at: match.index, text: match[0]});
		}
	}
	const seen = new Set<string>();
	return found
		.sort((a, b) => a.at - b.at)
		.map((hit) => hit.text.replace(/\s+/g, ' '))
		.filter((hit) => {
			const key = hit.toLowerCase();
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		});
}
