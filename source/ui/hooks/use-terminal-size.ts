import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type Size = {columns: number; rows: number};

const read = (stdout: NodeJS.WriteStream): Size => ({
	columns: stdout.columns || 80,
	rows: stdout.rows || 24,
});

/** The terminal's size, following resizes (a tmux pane or an SSH window dragged wider). */
export function useTerminalSize(fixed?: Size): Size {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => read(stdout));
	const following = fixed === undefined;
	useEffect(() => {
		if (!following) return;
		const onResize = () =>
			setSize((previous) => {
				const next = read(stdout);
				return next.columns === previous.columns && next.rows === previous.rows ? previous : next;
			});
		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, following]);
	return fixed ?? size;
}
