import type {IncomingMessage, ServerResponse} from 'node:http';
import type {SimRequestRecord} from '../types.js';
import type {GoogleError} from './google-error.js';

/** One request in flight: what came in, where it is answered, and its line in the traffic record. */
export type Ctx = {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	record: SimRequestRecord;
};

const sessionCookieName = '__Secure-next-auth.session-token';

/** The labs session cookie value, if the Cookie header carries one. */
export function sessionCookie(req: IncomingMessage): string | undefined {
	const header = req.headers.cookie;
	if (!header) return undefined;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() === sessionCookieName) return part.slice(eq + 1).trim();
	}
	return undefined;
}

/** The bearer token, if Authorization carries exactly one. */
export function bearerToken(req: IncomingMessage): string | undefined {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
	return match?.[1];
}

const maxBodyBytes = 8 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		if (size > maxBodyBytes) throw new BodyTooLargeError('request body too large');
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export function writeHead(ctx: Ctx, status: number, headers: Record<string, string | number>): void {
	ctx.record.status = status;
	ctx.res.writeHead(status, headers);
}

export function send(
	ctx: Ctx,
	status: number,
	contentType: string,
	body: string,
	extra: Record<string, string> = {},
) {
	const bytes = Buffer.from(body, 'utf8');
	writeHead(ctx, status, {...extra, 'content-type': contentType, 'content-length': bytes.length});
	ctx.res.end(ctx.req.method === 'HEAD' ? undefined : bytes);
}

export const sendJson = (ctx: Ctx, status: number, body: unknown, extra: Record<string, string> = {}) =>
	send(ctx, status, 'application/json; charset=utf-8', JSON.stringify(body), extra);

export function sendGoogleError(ctx: Ctx, error: GoogleError): void {
	send(ctx, error.httpStatus, 'application/json; charset=UTF-8', JSON.stringify(error.body), {
		server: 'ESF',
		...error.headers,
	});
}

export function redirect(ctx: Ctx, status: number, location: string): void {
	writeHead(ctx, status, {location, 'content-length': 0});
	ctx.res.end();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
