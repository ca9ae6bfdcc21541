import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';

/**
 * Cloud CDN style signed URLs (`?Expires=<unix s>&KeyName=…&Signature=…`, docs/protocol-labs.md §5.2): the URL
 * itself is the credential, so the CDN never needs, and must never be sent, a cookie or bearer.
 */
export class UrlSigner {
	readonly #key = randomBytes(32);
	readonly #keyName = 'sim';

	sign(baseUrl: string, mediaName: string, expiresAtMs: number): string {
		const path = `/video/${encodeURIComponent(mediaName)}`;
		const query = `Expires=${Math.floor(expiresAtMs / 1000)}&KeyName=${this.#keyName}`;
		return `${baseUrl}${path}?${query}&Signature=${this.#signature(`${path}?${query}`)}`;
	}

	/** 'ok', or why the CDN refuses the URL. */
	verify(url: URL, nowMs: number): 'ok' | 'bad-signature' | 'expired' {
		const expires = url.searchParams.get('Expires') ?? '';
		const keyName = url.searchParams.get('KeyName') ?? '';
		const signature = url.searchParams.get('Signature') ?? '';
		const expected = Buffer.from(this.#signature(`${url.pathname}?Expires=${expires}&KeyName=${keyName}`));
		const given = Buffer.from(signature);
		if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
		return nowMs >= Number(expires) * 1000 ? 'expired' : 'ok';
	}

	#signature(payload: string): string {
		return createHmac('sha256', this.#key).update(payload).digest('base64url');
	}
}
