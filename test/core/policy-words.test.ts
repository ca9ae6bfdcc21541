import {describe, expect, it} from 'vitest';
import {policyRisks} from '../../source/core/policy-words.js';

describe('policyRisks', () => {
	it('finds English words about children, as whole words only', () => {
		expect(policyRisks('A girl and her dog run on the beach')).toEqual(['girl']);
		expect(policyRisks('Two Kids fly a kite; a BABY sleeps')).toEqual(['Kids', 'BABY']);
		expect(policyRisks('a schoolgirl, a toddler and a teen')).toEqual(['schoolgirl', 'toddler', 'teen']);
		expect(policyRisks('children play')).toEqual(['children']);
	});

	it('does not flag words that merely contain them', () => {
		expect(
			policyRisks('his girlfriend, a boyfriend, a kidnapping plot, a cowboy, the teenth hour, childhood'),
		).toEqual([]);
		expect(policyRisks('Babylon at dusk, a tomboyish style')).toEqual([]);
	});

	it('finds Vietnamese words, with their diacritics and in either Unicode form', () => {
		expect(policyRisks('Một cô bé đứng dưới mưa')).toEqual(['cô bé']);
		expect(policyRisks('Cậu bé và em bé')).toEqual(['Cậu bé', 'em bé']);
		expect(policyRisks('trẻ em chơi đùa, học sinh tan trường')).toEqual(['trẻ em', 'học sinh']);
		expect(policyRisks('bé gái cười; bé trai chạy')).toEqual(['bé gái', 'bé trai']);
		// Decomposed (NFD) text, as some editors save it.
		expect(policyRisks('một cô bé'.normalize('NFD'))).toEqual(['cô bé']);
		// "bé" inside other words, and "cô" alone, are not flagged.
		expect(policyRisks('cô giáo và chiếc bánh bébé')).toEqual([]);
	});

	it('flags ages under 18 in the usual spellings, not adults', () => {
		expect(policyRisks('a 12-year-old skater')).toEqual(['12-year-old']);
		expect(policyRisks('she is 9 years old')).toEqual(['9 years old']);
		expect(policyRisks('a 7yo drummer, aged 15')).toEqual(['7yo', 'aged 15']);
		expect(policyRisks('một người 12 tuổi')).toEqual(['12 tuổi']);
		expect(policyRisks('a 35-year-old chef, 18 years old, 40 tuổi, aged 21')).toEqual([]);
	});

	it('lists each word once, in prompt order', () => {
		expect(policyRisks('boy meets girl, boy leaves')).toEqual(['boy', 'girl']);
	});
});
