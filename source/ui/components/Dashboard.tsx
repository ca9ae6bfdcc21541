import {Box} from 'ink';
import type {ReactNode} from 'react';
import type {AppProps} from '../App.js';
import {useDashboard} from '../hooks/use-dashboard.js';
import {ColumnGrid} from './ColumnGrid.js';
import {ConfirmQuit, confirmQuitHeight} from './ConfirmQuit.js';
import {ConfirmSkip} from './ConfirmSkip.js';
import {DetailsPane} from './DetailsPane.js';
import {Footer} from './Footer.js';
import {HelpOverlay} from './HelpOverlay.js';
import {StatusBar} from './StatusBar.js';
import {Summary} from './Summary.js';
import {TableView} from './TableView.js';

/** The status bar, then the columns or an overlay, then the skip question and the footer or summary. */
export function Dashboard(props: AppProps) {
	const {final} = props;
	const model = useDashboard(props);
	const {state, now, tick, outDir, selection, skipQuestion, overlay, counts, details} = model;
	const {width, height, bodyHeight} = model.layout;

	const grid = (gridHeight: number) => (
		<ColumnGrid
			page={model.page}
			width={width}
			height={gridHeight}
			focus={overlay === 'none' || overlay === 'confirmQuit' ? selection.focus : undefined}
			selected={selection.scene}
			indexWidth={model.indexWidth}
			paused={state.paused}
			now={now}
			tick={tick}
		/>
	);

	let body: ReactNode;
	switch (overlay) {
		case 'help':
			body = (
				<HelpOverlay
					width={width}
					height={bodyHeight}
					modes={state.scenes.some((scene) => scene.inputs !== undefined)}
				/>
			);
			break;
		case 'details':
			body = <DetailsPane details={details} width={width} height={bodyHeight} now={now} />;
			break;
		case 'table':
			body = <TableView scenes={state.scenes} selected={selection.scene} width={width} height={bodyHeight} />;
			break;
		case 'confirmQuit':
			body = (
				<>
					{grid(Math.max(3, bodyHeight - confirmQuitHeight))}
					<ConfirmQuit
						width={width}
						running={counts.submitting + counts.polling + counts.downloading}
						queued={counts.queued}
						outDir={outDir}
					/>
				</>
			);
			break;
		default:
			body = grid(bodyHeight);
	}

	return (
		<Box
			flexDirection="column"
			width={width}
			height={height}
			// Every part is cut to fit; clipping costs Ink work on every line of every frame.
			overflow={model.layout.overflows ? 'hidden' : undefined}
		>
			<StatusBar
				state={state}
				counts={counts}
				sceneFile={model.sceneFile}
				width={width}
				now={now}
				session={model.session}
				tick={tick}
			/>
			{body}
			{skipQuestion ? <ConfirmSkip scene={skipQuestion} width={width} /> : null}
			{final ? (
				<Summary
					state={state}
					exitCode={final.exitCode}
					outDir={outDir}
					width={width}
					elapsedMs={(state.endedAt ?? now) - model.session.start}
				/>
			) : (
				<Footer
					width={width}
					page={model.page.page}
					pages={model.page.pages}
					notice={model.notice}
					scrolling={overlay === 'details'}
					picking={model.picking}
				/>
			)}
		</Box>
	);
}
