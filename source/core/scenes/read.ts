// Read-error wording and the line of the first invalid UTF-8 byte.
export function describeReadError(error: unknown): string {
	const code = (error as {code?: unknown} | undefined)?.code;
	switch (code) {
		case 'ENOENT': {
			return 'no such file';
		}

		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}

		case 'EISDIR': {
			return 'is a directory';
		}

		default: {
			return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
		}
	}
}

/**
 * Byte offset of the first malformed UTF-8 sequence (per the WHATWG decoder's rules); the end of the
 * bytes if there is none, which the decoder that just failed says cannot happen.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
	let i = 0;
	while (i < bytes.length) {
		const lead = bytes[i] ?? 0;
		if (lead < 0x80) {
			i++;
			continue;
		}

		let trail: number;
		if (lead >= 0xc2 && lead <= 0xdf) {
			trail = 1;
		} else if (lead >= 0xe0 && lead <= 0xef) {
			trail = 2;
		} else if (lead >= 0xf0 && lead <= 0xf4) {
			trail = 3;
		} else {
			return i;
		}

		// The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
		let lower = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
		let upper = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
		for (let k = 1; k <= trail; k++) {
			const byte = bytes[i + k];
			if (byte === undefined || byte < lower || byte > upper) {
				return i;
			}

			lower = 0x80;
			upper = 0xbf;
		}

		i += trail + 1;
	}

	return bytes.length;
}

export function lineAt(bytes: Uint8Array, offset: number): number {
	let line = 1;
	for (let i = 0; i < offset; i++) {
		if (bytes[i] === 0x0a) {
			line++;
		}
	}

	return line;
}
