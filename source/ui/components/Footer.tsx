import {Box, Text} from 'ink';
import {memo} from 'react';
import {useTheme} from '../hooks/use-theme.js';
import {keyHints} from '../key-labels.js';
import {fitParts, padTo} from '../text.js';

export type FooterProps = {
	width: number;
	page: number;
	pages: number;
	notice?: string;
	/** The details pane is open: ↑↓ scroll its prompt there (keys.ts, scrollKeyTable). */
	scrolling?: boolean;
	/** The selected scene is done with takes to choose from: `1-4 pick take` comes before the rest. */
	picking?: boolean;
};

/** The keys (as many as fit, help and quit always), the page when accounts span several, or news. */
export const Footer = memo(function Footer({width, page, pages, notice, scrolling, picking}: FooterProps) {
	const theme = useTheme();
	if (notice) {
		return <Text {...theme.text('warn')}>{padTo(notice, width, theme.glyphs.ellipsis)}</Text>;
	}
	const pageText = pages > 1 ? `page ${page + 1}/${pages}` : '';
	const hints = keyHints(theme.glyphs).map((hint) =>
		scrolling && hint.label === 'scene' ? {...hint, label: 'scroll'} : hint,
	);
	// What a newcomer needs first when the line is short; the help lists everything anyway.
	const order = [
		'help',
		'quit',
		'account',
		'scene',
		'scroll',
		// Only where it does something; elsewhere it is last, shown on a wide terminal only.
		...(picking ? ['pick take'] : []),
		'details',
		'table',
		'retry',
		'skip',
		'pause',
		'retry all',
	];
	const priority = (label: string, i: number) => {
		const rank = order.indexOf(label);
		return rank < 0 ? order.length + i : rank;
	};
	const parts = [
		...(pageText ? [{text: pageText, priority: -3}] : []),
		...hints.map((hint, i) => ({text: `${hint.keys} ${hint.label}`, priority: priority(hint.label, i)})),
	];
	const kept = fitParts(parts, width);
	return (
		<Box width={width}>
			<Text>
				{kept.map((i, n) => {
					const text = parts[i]?.text ?? '';
					const isPage = pageText !== '' && i === 0;
					const space = text.indexOf(' ');
					return (
						<Text key={text}>
							{n > 0 ? '  ' : ''}
							{isPage ? (
								<Text {...theme.text('accent')}>{text}</Text>
							) : (
								<>
									<Text {...theme.text('key')}>{text.slice(0, space)}</Text>
									{text.slice(space)}
								</>
							)}
						</Text>
					);
				})}
			</Text>
		</Box>
	);
});
