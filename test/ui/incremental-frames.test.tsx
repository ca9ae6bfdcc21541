import {EventEmitter} from 'node:events';
import {render, Text} from 'ink';
import {describe, expect, it, vi} from 'vitest';
import {fixIncrementalFrame, withIncrementalFrameFix} from '../../source/ui/incremental-frames.js';

// Ink draws only the last frame when it thinks it runs in CI; these tests look at every frame.
vi.hoisted(() => {
	process.env.CI = '0';
});

/** Just enough of a terminal for what Ink writes: cursor moves, erasing, text, newlines; no scrolling. */
class Screen {
	rows: string[][] = Array.from({length: 40}, () => []);
	row = 0;
	column = 0;

	feed(text: string): void {
		const tokens = text.match(/\u001B\[[?0-9;]*[A-Za-z]|[^\u001B]/gu) ?? [];
		for (const token of tokens) this.#apply(token);
	}

	lines(): string[] {
		return this.rows.map((cells) => cells.join('').trimEnd());
	}

	#apply(token: string): void {
		const csi = /^\u001B\[([?0-9;]*)([A-Za-z])$/.exec(token);
		if (!csi) {
			if (token === '\n') {
				this.row++;
				this.column = 0;
				return;
			}
			const cells = this.rows[this.row] as string[];
			while (cells.length < this.column) cells.push(' ');
			cells[this.column++] = token;
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
			case 'K':
				if (args === '2') this.rows[this.row] = [];
				else this.rows[this.row] = (this.rows[this.row] as string[]).slice(0, this.column);
				return;
			default:
			// SGR, cursor shown or hidden, synchronized output: nothing moves.
		}
	}
}

class FakeTerminal extends EventEmitter {
	isTTY = true;
	columns = 40;
	rows = 30;
	screen = new Screen();
	write(text: string): boolean {
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

const Frame = ({lines}: {lines: string[]}) => <Text>{lines.join('\n')}</Text>;

const frames = [
	['status', 'one', 'two'],
	['status', 'ONE', 'two'],
	['status', 'ONE', 'two', 'three', 'four'],
	['status', 'four'],
	['STATUS', 'four'],
	['STATUS', 'four', 'five'],
];

/** Renders each frame through Ink's incremental renderer; the screen after each one. */
async function screens(fix: boolean): Promise<string[][]> {
	const terminal = new FakeTerminal();
	const stdout = (fix ? withIncrementalFrameFix(terminal as never) : terminal) as never;
	const [first = []] = frames;
	const instance = render(<Frame lines={first} />, {
		stdout,
		stdin: new FakeStdin() as never,
		patchConsole: false,
		exitOnCtrlC: false,
		incrementalRendering: true,
		maxFps: 1000,
	});
	const seen: string[][] = [];
	try {
		for (const lines of frames) {
			instance.rerender(<Frame lines={lines} />);
			await sleep(15);
			seen.push(terminal.screen.lines().slice(0, 8));
		}
	} finally {
		instance.unmount();
	}
	return seen;
}

const expected = (lines: string[]) => [...lines, ...Array(8 - lines.length).fill('')];

describe('incremental frames', () => {
	it('each frame lands where the one before it was, growing, shrinking or the same height', async () => {
		const seen = await screens(true);
		seen.forEach((screen, i) => {
			expect(screen).toEqual(expected(frames[i] as string[]));
		});
	});

	it('without the fix ink 6.8 draws a frame one line low (remove the fix once ink does not)', async () => {
		const seen = await screens(false);
		expect(seen[1]).not.toEqual(expected(frames[1] as string[]));
	});

	it('only a write that starts by moving the cursor up is changed', () => {
		expect(fixIncrementalFrame('\u001B[3A\u001B[E\u001B[Gtext')).toBe('\u001B[4A\u001B[E\u001B[Gtext');
		expect(fixIncrementalFrame('\u001B[0Atext\n')).toBe('\u001B[1Atext\n');
		expect(fixIncrementalFrame('\u001B[2K\u001B[1A\u001B[2K\u001B[G\u001B[1Atext')).toBe(
			'\u001B[2K\u001B[1A\u001B[2K\u001B[G\u001B[1Atext',
		);
		expect(fixIncrementalFrame('\u001B[1mflowdeck\u001B[22m\n')).toBe('\u001B[1mflowdeck\u001B[22m\n');
		expect(fixIncrementalFrame('\u001B[?2026h')).toBe('\u001B[?2026h');
	});
});
