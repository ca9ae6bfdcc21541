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

const wordPattern = new RegExp(
	`${before}(?:${phrase([...englishWords, ...vietnameseWords])})${after}`,
	'giu',
);

// "12-year-old", "12 years old", "12yo", "12 y/o", "aged 12", "age 12", "12 tuổi".
const agePatterns = [
	new RegExp(`${before}(\\d{1,2})[\\s-]*(?:years?|yrs?)[\\s-]*old${after}`, 'giu'),
	new RegExp(`${before}(\\d{1,2})\\s*(?:yo|y/o)${after}`, 'giu'),
	new RegExp(`${before}(\\d{1,2})\\s*tuổi${after}`, 'giu'),
	new RegExp(`${before}aged?\\s+(\\d{1,2})${after}`, 'giu'),
];

const adultAge = 18;

/** The words of a prompt that suggest a minor, as written in the prompt, each once, in order. */
export function policyRisks(prompt: string): string[] {
	const text = prompt.normalize('NFC');
	const found: Array<{at: number; text: string}> = [];
	for (const match of text.matchAll(wordPattern)) found.push({at: match.index, text: match[0]});
	for (const pattern of agePatterns) {
		for (const match of text.matchAll(pattern)) {
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
