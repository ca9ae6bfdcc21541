// Proves a transport standing in for another (auto, labs-only) forwards an upscale to the wire it
// picks, and says plainly when that wire cannot upscale, as it does for uploads.
import {describe, expect, it} from 'vitest';
import {Delegating} from '../../../source/labs/wire/delegating.js';
import type {Transport} from '../../../source/labs/wire/transport.js';
import {caughtFlowError as caught} from '../../helpers/flow-error.js';
import {fakeTransport} from '../account/fake-transport.js';

class StandIn extends Delegating {
	readonly kind = 'labs' as const;
	readonly captchaAction = 'VIDEO_GENERATION';
	readonly #wire: Transport;
	constructor(wire: Transport) {
		super();
		this.#wire = wire;
	}
	get uploadCaptchaAction(): string | undefined {
		return this.#wire.uploadCaptchaAction;
	}
	captchaPageUrl(projectId: string): string {
		return this.#wire.captchaPageUrl(projectId);
	}
	protected pick(): Promise<Transport> {
		return Promise.resolve(this.#wire);
	}
	close(): Promise<void> {
		return this.#wire.close();
	}
}

const call = {
	request: {
		media: {name: 'clip', projectId: 'p1'},
		resolution: '1080p' as const,
		model: 'veo_3_1_upsampler_1080p',
	},
	projectId: 'p1',
	tier: 'PAYGATE_TIER_ONE',
	captchaToken: 't',
};

describe('Delegating.upscale', () => {
	it('forwards the call to the picked wire and answers its copy', async () => {
		const {transport, calls} = fakeTransport('p1');
		expect(await new StandIn(transport).upscale(call)).toEqual({
			name: 'clip_upsampled',
			projectId: 'p1-copies',
		});
		expect(calls.upscale).toEqual([call]);
	});

	it('says UPSCALE_UNSUPPORTED when the picked wire cannot upscale', async () => {
		const {transport} = fakeTransport('p1', {noUpscale: true});
		const error = await caught(new StandIn({...transport, kind: 'flow'}).upscale(call));
		expect(error).toMatchObject({kind: 'protocol', code: 'UPSCALE_UNSUPPORTED'});
		expect(error.message).toBe('upscaling on the flow wire is not built yet');
	});
});
