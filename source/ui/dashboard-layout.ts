import {confirmSkipHeight} from './components/ConfirmSkip.js';
import {summaryHeight} from './components/Summary.js';
import type {Size} from './hooks/use-terminal-size.js';

const headerHeight = 2;

export type DashboardLayout = {
	width: number;
	height: number;
	/** The rows left for the columns or the overlay, between the status bar and the bottom parts. */
	bodyHeight: number;
	/** The parts at their smallest still overflow the frame. */
	overflows: boolean;
};

/** How the terminal's rows go to the status bar, the body, the skip question and the footer or summary. */
export function dashboardLayout(size: Size, ended: boolean, asking: boolean): DashboardLayout {
	// One line short of the screen: a frame as tall as the terminal makes Ink clear it every time.
	const height = Math.max(6, size.rows - 1);
	const width = Math.max(10, size.columns);
	const bottom = ended ? summaryHeight : 1;
	const question = asking ? confirmSkipHeight : 0;
	const bodyHeight = Math.max(3, height - headerHeight - bottom - question);
	return {width, height, bodyHeight, overflows: headerHeight + bodyHeight + question + bottom > height};
}
