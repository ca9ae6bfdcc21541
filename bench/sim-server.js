// The simulator in a process of its own (bench/common.js startSimProcess): it sends its origins once
// listening, answers {type: 'stats'} with request counts and ends on {type: 'close'}.
import {startSimulator} from '../dist/simulator/index.js';
import {childInput} from './common.js';

const sim = await startSimulator(childInput());
process.send({apiUrl: sim.apiUrl, labsUrl: sim.labsUrl, cdnUrl: sim.cdnUrl});

process.on('message', async (message) => {
	if (message.type === 'stats') {
		const {requests, downloads} = sim.stats;
		let statusCalls = 0;
		for (const request of requests) if (request.path.includes('batchCheckAsync')) statusCalls++;
		const stats = {
			requests: requests.length,
			statusCalls,
			submits: sim.stats.submits.length,
			completeDownloads: downloads.filter((download) => download.complete).length,
		};
		process.send({id: message.id, stats});
	} else if (message.type === 'close') {
		await sim.close();
		process.exit(0);
	}
});
process.on('disconnect', () => process.exit(0));
