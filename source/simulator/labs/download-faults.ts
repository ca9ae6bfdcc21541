/** CDN download faults: the first N downloads expired, a sign-in page, or bytes that are not an MP4. */
import {type Ctx, send} from '../shared/http-util.js';
import type {FaultState} from './fault-state.js';

const loginPage =
	'<!doctype html><html><head><title>Sign in - Google Accounts</title></head>' +
	'<body><form action="https://accounts.google.com/signin">Sign in to continue</form></body></html>';

/** Returns true when the fault answered the download. */
export function cdnFault(state: FaultState, ctx: Ctx): boolean {
	if (!/^\/video\/[^/]+$/.test(ctx.url.pathname) || ctx.req.method !== 'GET') return false;
	const {view} = state;
	if (state.expiredLeft > 0) {
		state.expiredLeft--;
		view.injected['expired-download']++;
		const body =
			"<?xml version='1.0' encoding='UTF-8'?><Error><Code>ExpiredToken</Code>" +
			'<Message>Access denied.</Message><Details>Request has expired</Details></Error>';
		send(ctx, 403, 'application/xml; charset=UTF-8', body);
		return true;
	}
	if (state.htmlLeft > 0) {
		state.htmlLeft--;
		view.injected['html-download']++;
		send(ctx, 200, 'text/html; charset=utf-8', loginPage);
		return true;
	}
	if (state.corruptLeft > 0) {
		state.corruptLeft--;
		view.injected['corrupt-download']++;
		const size = 4096;
		const junk = Buffer.alloc(size);
		for (let i = 0; i < size; i++) junk[i] = Math.floor(state.random() * 256);
		// Never an accidental `ftyp` at bytes 4-7.
		junk.write('junk', 4, 'latin1');
		ctx.record.status = 200;
		ctx.res.writeHead(200, {'content-type': 'video/mp4', 'content-length': size});
		ctx.res.end(junk);
		return true;
	}
	return false;
}
