import {EventEmitter} from 'node:events';
import {Box, render, Text} from 'ink';
import {describe, expect, it, vi} from 'vitest';
import {createFrameDiff, withFrameDiff} from '../../source/ui/frame-diff.js';
import {rowEdit} from '../../source/ui/row-edit.js';

// Ink draws only the last frame when it thinks it runs in CI; these tests look at every frame.
vi.hoisted(() => {
	process.env.CI = '0';
	process.env.FORCE_COLOR = '1';
});

const wide = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\u{1f300}-\u{1faff}]/u;

/**
 * Just enough of a terminal: cursor moves, erasing, text and newlines, and the colour and style of
 * every cell (so a diff that writes the right letters in the wrong colour fails). No scrolling.
 */
class Screen {
	rows: Array<Array<{char: string; style: string}>> = Array.from({length: 40}, () => []);
	row = 0;
	column = 0;
	style = new Map<string, string>();

	feed(text: string): void {
		const tokens = text.match(/\u001B\[[?0-9;]*[A-Za-z]|\u001B\][^\u0007]*\u0007|[^\u001B]/gu) ?? [];
		for (const token of tokens) this.#apply(token);
	}

	/** Each row as text, with the style of each styled cell after it in braces. */
	lines(): string[] {
		return this.rows.map((cells) =>
			cells
				.map((cell) => (cell.style ? `${cell.char}{${cell.style}}` : cell.char))
				.join('')
				.trimEnd(),
		);
	}

	text(): string[] {
		return this.rows.map((cells) =>
			cells
				.map((cell) => cell.char)
				.join('')
				.trimEnd(),
		);
	}

	#apply(token: string): void {
		const csi = /^\u001B\[([?0-9;]*)([A-Za-z])$/.exec(token);
		if (token.startsWith('\u001B]')) return;
		if (!csi) {
			if (token === '\n') {
				this.row++;
				this.column = 0;
				return;
			}
			const cells = this.rows[this.row] as Array<{char: string; style: string}>;
			while (cells.length < this.column) cells.push({char: ' ', style: ''});
			const style = [...this.style.entries()]
				.sort()
				.map(([k, v]) => `${k}=${v}`)
				.join(',');
			cells[this.column++] = {char: token, style};
			if (wide.test(token)) cells[this.column++] = {char: '', style};
			return;
		}
		const [, args = '', command] = csi;
		const count = args === '' || args.startsWith('?') ? 1 : Math.max(1, Number(args));
		switch (command) {
			case 'A':
				this.row = Math.max(0, this.row - count);
				return;
			case 'B':
				this.row += count;
				return;
			case 'E':
				this.row += count;
				this.column = 0;
				return;
			case 'G':
				this.column = count - 1;
				return;
			case 'K': {
				const cells = this.rows[this.row] as Array<{char: string; style: string}>;
				this.rows[this.row] = args === '2' ? [] : cells.slice(0, this.column);
				return;
			}
			case 'm':
				if (args.startsWith('?')) return;
				this.#sgr(args === '' ? ['0'] : args.split(';'));
				return;
			default:
			// Cursor shown or hidden, synchronized output: nothing moves.
		}
	}

	#sgr(params: string[]): void {
		for (let i = 0; i < params.length; i++) {
			const p = Number(params[i]);
			if (p === 0) this.style.clear();
			else if (p === 1) this.style.set('bold', 'on');
			else if (p === 2) this.style.set('dim', 'on');
			else if (p === 22) {
				this.style.delete('bold');
				this.style.delete('dim');
			} else if (p === 7) this.style.set('inverse', 'on');
			else if (p === 27) this.style.delete('inverse');
			else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) this.style.set('fg', String(p));
			else if (p === 39) this.style.delete('fg');
			else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) this.style.set('bg', String(p));
			else if (p === 49) this.style.delete('bg');
			else this.style.set(`sgr${p}`, 'on');
		}
	}
}

class FakeTerminal extends EventEmitter {
	isTTY = true;
	columns = 60;
	rows = 30;
	screen = new Screen();
	bytes = 0;
	write(text: string): boolean {
		this.bytes += text.length;
		this.screen.feed(text);
		return true;
	}
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	setEncoding() {}
	setRawMode() {}
	ref() {}
	unref() {}
	read() {
		return null;
	}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Cell = {text: string; color?: string; bold?: boolean; dim?: boolean; inverse?: boolean};

/** Three columns side by side, like the dashboard's: one changed cell changes a whole terminal row. */
function Columns({columns}: {columns: Cell[][]}) {
	return (
		<Box flexDirection="row">
			{columns.map((cells, i) => (
				// biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
				<Box key={i} flexDirection="column" width={20} borderStyle="round">
					{cells.map((cell, j) => (
						// biome-ignore lint/suspicious/noArrayIndexKey: fixed rows
						<Text key={j} color={cell.color} bold={cell.bold} dimColor={cell.dim} inverse={cell.inverse}>
							{cell.text}
						</Text>
					))}
				</Box>
			))}
		</Box>
	);
}

const column = (...texts: Array<string | Cell>): Cell[] =>
	texts.map((text) => (typeof text === 'string' ? {text} : text));

const frames: Cell[][][] = [
	[
		column('acc1 ok', {text: '✓  1 A lighthouse', color: 'green'}),
		column('queue', '·  2 Macro'),
		column('x'),
	],
	// One cell of one column.
	[
		column('acc1 ok', {text: '✓  1 A lighthouse', color: 'green'}),
		column('queue', '·  3 Macro'),
		column('x'),
	],
	// A colour alone.
	[column('acc1 ok', {text: '✓  1 A lighthouse', color: 'red'}), column('queue', '·  3 Macro'), column('x')],
	// Taller, with a selection (inverse) and bold.
	[
		column('acc1 ok', {text: '✓  1 A lighthouse', color: 'red'}, {text: '⠋  4 polling 1s', dim: true}),
		column('queue', {text: '·  3 Macro', inverse: true}, '·  5 Fox'),
		column({text: 'x', bold: true}),
	],
	// Width not certain: CJK, emoji and a combining mark, beside a change.
	[
		column('acc1 ok', {text: '✓  1 東京の夜景', color: 'red'}, {text: '⠙  4 polling 2s', dim: true}),
		column('queue', {text: '·  3 Macro 🎬', inverse: true}, '·  5 Fox'),
		column({text: 'x', bold: true}),
	],
	[
		column('acc1 ok', {text: '✓  1 東京の夜', color: 'red'}, {text: '⠹  4 polling 3s', dim: true}),
		column('queue', {text: '·  3 Macro 🎬', inverse: true}, '·  5 Fox'),
		column({text: 'y', bold: true}, 'Phố cổ Hội An'),
	],
	// Shorter lines and a shorter frame.
	[column('acc1', '✓ 1'), column('q'), column('')],
	[column('acc1', '✓ 1', 'Phố cổ Hội An', 'e\u0301')],
];

/** Each frame through Ink, as it writes them, onto a plain terminal and through the frame diff. */
async function screens(): Promise<{plain: string[][]; diffed: string[][]; bytes: [number, number]}> {
	const run = async (diff: boolean) => {
		const terminal = new FakeTerminal();
		const stdout = (diff ? withFrameDiff(terminal as never) : terminal) as never;
		const [first = []] = frames;
		const instance = render(<Columns columns={first} />, {
			stdout,
			stdin: new FakeStdin() as never,
			patchConsole: false,
			exitOnCtrlC: false,
			maxFps: 1000,
		});
		const seen: string[][] = [];
		try {
			for (const columns of frames) {
				instance.rerender(<Columns columns={columns} />);
				await sleep(15);
				seen.push(terminal.screen.lines().slice(0, 12));
			}
		} finally {
			instance.unmount();
		}
		return {seen, bytes: terminal.bytes};
	};
	const plain = await run(false);
	const diffed = await run(true);
	return {plain: plain.seen, diffed: diffed.seen, bytes: [plain.bytes, diffed.bytes]};
}

describe('frame diff', () => {
	it('every frame looks as Ink draws it (letters, colours, styles), for fewer bytes', async () => {
		const {plain, diffed, bytes} = await screens();
		// The plain screens change from frame to frame (so an unchanged screen would fail).
		expect(new Set(plain.map((screen) => screen.join('\n'))).size).toBe(frames.length);
		diffed.forEach((screen, i) => {
			expect(screen).toEqual(plain[i]);
		});
		expect(plain[1]?.join('\n')).toContain('{fg=32}');
		expect(bytes[1]).toBeLessThan(bytes[0] * 0.6);
	});

	it('one changed cell costs a cursor move and that cell', () => {
		expect(rowEdit('│ polling 1s │', '│ polling 2s │')).toBe('\u001B[11G2');
		// Cells close together go out as one run; the style comes back at the start of the run.
		expect(rowEdit('\u001B[32mab cd\u001B[39m', '\u001B[32mxb cy\u001B[39m')).toBe(
			'\u001B[1G\u001B[32mxb cy\u001B[0m',
		);
		// A shorter row: the rest of the line is erased.
		expect(rowEdit('waiting 12', 'waiting')).toBe('\u001B[8G\u001B[K');
		// A row whose widths are not certain goes out whole from its first column.
		expect(rowEdit('東京 1', '東京 2')).toBe('\u001B[G東京 2\u001B[K');
	});

	it('moves up to the changed rows and back to the line below the frame', () => {
		const diff = createFrameDiff();
		const erase = (lines: number) => `${'\u001B[2K\u001B[1A'.repeat(lines - 1)}\u001B[2K\u001B[G`;
		expect(diff.transform('a\nb\nc\n')).toBe('a\nb\nc\n');
		expect(diff.transform(`${erase(4)}a\nB\nc\n`)).toBe('\u001B[2A\u001B[1GB\u001B[2B\u001B[G');
		// Shorter: the lines left over are erased.
		expect(diff.transform(`${erase(4)}a\nB\n`)).toBe('\u001B[1A\u001B[2K\u001B[G');
		// Taller: new lines are written below, as Ink would.
		expect(diff.transform(`${erase(3)}a\nB\nc\nd\n`)).toBe('\u001B[Gc\nd\n');
		// Nothing changed: nothing to write.
		expect(diff.transform(`${erase(5)}a\nB\nc\nd\n`)).toBe('');
	});

	it('anything else passes as it is and the next frame goes out whole (clear, console, resize)', () => {
		const diff = createFrameDiff();
		const erase = (lines: number) => `${'\u001B[2K\u001B[1A'.repeat(lines - 1)}\u001B[2K\u001B[G`;
		diff.transform('a\nb\n');
		expect(diff.transform('\u001B[?2026h')).toBe('\u001B[?2026h');
		expect(diff.transform(`${erase(3)}a\nc\n`)).toBe('\u001B[1A\u001B[1Gc\u001B[1B\u001B[G');
		// Ink clears the frame to print console output, then writes the frame again without erasing.
		expect(diff.transform(erase(3))).toBe(erase(3));
		expect(diff.transform('warning: x\n')).toBe('warning: x\n');
		expect(diff.transform('a\nc\n')).toBe('a\nc\n');
		expect(diff.transform(`${erase(3)}a\nd\n`)).toBe('\u001B[1A\u001B[1Gd\u001B[1B\u001B[G');
		// A frame erasing a different number of lines than the one on screen: as it is.
		expect(diff.transform(`${erase(5)}a\ne\n`)).toBe(`${erase(5)}a\ne\n`);
		const terminal = new FakeTerminal();
		const stream = withFrameDiff(terminal as never);
		stream.write('a\nb\n');
		terminal.emit('resize');
		stream.write(`${erase(3)}a\nc\n`);
		expect(terminal.screen.text().slice(0, 3)).toEqual(['a', 'c', '']);
		expect(terminal.bytes).toBe('a\nb\n'.length + `${erase(3)}a\nc\n`.length);
	});
});
