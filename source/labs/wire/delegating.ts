/** The shared shape of a transport that stands in for another: every call goes to the one it picks. */

import type {
	CreditsInfo,
	MediaRef,
	ResolvedMedia,
	StatusResult,
	SubmitResult,
	TransportKind,
	UploadedImage,
	UploadImageCall,
} from '../types.js';
import {type GenerateCall, type Transport, type UpscaleCall, upscaleUnsupported} from './transport.js';

export const migratedCode = 'ACCOUNT_MIGRATED';

/** Forwards every call to the transport `pick` gives, mapping its errors through `mapError`. */
export abstract class Delegating implements Transport {
	abstract readonly kind: TransportKind;
	abstract readonly captchaAction: string;
	/** The picked wire's: a stand-in that chose flow.google.com must mint a token per upload. */
	abstract readonly uploadCaptchaAction: string | undefined;
	abstract captchaPageUrl(projectId: string): string;
	protected abstract pick(): Promise<Transport>;
	protected mapError(error: unknown): unknown {
		return error;
	}

	async #call<T>(use: (transport: Transport) => Promise<T>): Promise<T> {
		try {
			return await use(await this.pick());
		} catch (error) {
			throw this.mapError(error);
		}
	}

	authenticate(): Promise<void> {
		return this.#call((t) => t.authenticate());
	}
	credits(): Promise<CreditsInfo> {
		return this.#call((t) => t.credits());
	}
	createProject(title: string): Promise<string> {
		return this.#call((t) => t.createProject(title));
	}
	generate(call: GenerateCall): Promise<SubmitResult> {
		return this.#call((t) => t.generate(call));
	}
	uploadImage(call: UploadImageCall): Promise<UploadedImage> {
		return this.#call((t) => t.uploadImage(call));
	}
	upscale(call: UpscaleCall): Promise<MediaRef> {
		return this.#call((t) => (t.upscale ? t.upscale(call) : Promise.reject(upscaleUnsupported(t.kind))));
	}
	status(media: MediaRef[]): Promise<StatusResult> {
		return this.#call((t) => t.status(media));
	}
	resolveMediaUrl(media: MediaRef): Promise<ResolvedMedia> {
		return this.#call((t) => t.resolveMediaUrl(media));
	}
	abstract close(): Promise<void>;
}
