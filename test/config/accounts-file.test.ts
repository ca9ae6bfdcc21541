import {describe, expect, it} from 'vitest';
import {ConfigError, parseAccountsFile} from '../../source/config/accounts-file.js';

const error = (text: string): string => {
	try {
		parseAccountsFile(text, '/home/me/accounts.json');
	} catch (caught) {
		expect(caught).toBeInstanceOf(ConfigError);
		return (caught as Error).message;
	}
	throw new Error('parsed');
};

describe('parseAccountsFile: a JSON syntax error', () => {
	it('names file:line:column and the reason, on one line, without the text around it', () => {
		const message = error('{"accounts": [\n  {"name": "a", "cookie": "SECRET-COOKIE"},\n]}\n');
		expect(message).toBe("accounts.json:3:1: not valid JSON: Unexpected token ']'");
	});

	it('points at a missing comma', () => {
		const message = error('{\n  "accounts": [\n    {"name": "a" "cookie": "x"}\n  ]\n}');
		expect(message).toMatch(/^accounts\.json:3:18: not valid JSON: Expected ',' or '}' after property value/);
		expect(message).not.toContain('\n');
	});

	it('a file cut short points at its end', () => {
		expect(error('{"accounts": [\n  {"name": "a"')).toBe(
			'accounts.json:2:15: not valid JSON: Unexpected end of JSON input',
		);
	});

	it('a byte-order mark does not shift the column', () => {
		expect(error('\uFEFF{"accounts": x}')).toMatch(
			/^accounts\.json:1:14: not valid JSON: Unexpected token 'x'$/,
		);
	});
});
