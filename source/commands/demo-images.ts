// The demo's images, shipped inside flowdeck (160×90 PNGs drawn for it: a lighthouse keeper, dawn
// and night over a harbour), written beside its scene file so the demo shows every mode.
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';

const demoImages: Record<string, string> = {
	'keeper.png': [
		'iVBORw0KGgoAAAANSUhEUgAAAKAAAABaCAIAAACwpMoFAAABE0lEQVR42u3arQ2EQBCAUSpBUwRFUMQVQTlUchqNRlPHCQyB',
		'4y8kJDN5m0+umqd2M0U/jEpcYQSABViABViABViAAQuwAAuwAAvwn8r7BzBgwIABvw88fbu9AIcHPtBdGQOOB3yquzQGHKyL',
		'unOeSZl1ExsDBgwYMGDAgAEDBgwYMGDAgP1kAU5lbKMjs7GVnWBVdbvqQHd7GXA84FsBBgwYMGDAgAEDBgwYMGDAgAEDBgwY',
		'MGDAgAEDBgwYMGDAgAEDBgwYMGDAgAEDBgwYMGDAgF8Ebj9Nsh4CJ5sGYMCAAQMGDBgwYMCAAQMGDBgwYMCAAQMGDBgwYMCA',
		'AStngAELsAALsAALsAADFmABFmAB1qN+aoSfitEYv2QAAAAASUVORK5CYII=',
	].join(''),
	'dawn.png': [
		'iVBORw0KGgoAAAANSUhEUgAAAKAAAABaCAIAAACwpMoFAAACY0lEQVR42u3R60pUYRyF8XUlXUmXUVJzPp9nzwzaOczEFFMx',
		'xVQ8YCamSEQUERFFREQREVFEhBQhIkZERBERYR/2lyComPa8+F8u+N3AWg+2VkJCDD+WQ0IM35dCQgzfLoSFGL4uhoUYviyE',
		'hRg+n48IMXyajwgxfDwXEWL4MBcVYng/GxVieDcTFWLYnI4JMWxMxYQY1idjQgxrE3EhhrfjcSGGN2fjQgyvxxJCDKujCSGG',
		'VyMJIYaXZ5JCDC+Gk0IMz4eSQgzPBlNCDE8HUkIMT06nhBge96eFGB71pYUYHvamhRgenMoIMdzvyQgx3OvOCDHcPZkVYrjT',
		'lRViuH0iK8RwqzMnxHDzeE6I4caxnBDD9aN5IYZrR/JCDFcP5YUYrhwsCDFcPlAQYrjUURBiuNheFGJYaRSFGJbrRSGGpVpJ',
		'iGHRKwkxLFRKQgzz5bIQw1ypLMQwWyxz21o9/Gfc8zFTqFD6a9ffUf6AqVyFTxN1fXxXYDJbYdJ02l8xHYLxTJVGIHV9NJ9g',
		'LF3lEGBdH8ctGE1WCQRe10fwDEYSHoEWBSZ4BsNxz7oW1fVZPwdDMc+0ltb1mf4HA9GaaQ4Cm/4H/eGaaQ4Cm/4HfaGaXQ7q',
		'+uxehN79dbucBbZ7EXr21e1yFtjuRehuq9vlLLDdi9C1t2GXs8B2L0LnnoZdzgLbvQi7dnt2OQts9yIFVmAFVmAFVmAFVuDt',
		'2tj0PwqswAqswMSNrZ/DELh1jQmeUWAF3qmNOW7hCRxsY5pPqAIH1ZjpELbA/5mZ7wrOwM01pvyBNvC/l+aezx94h1Ngcj8B',
		'Tx/EQ1wc364AAAAASUVORK5CYII=',
	].join(''),
	'night.png': [
		'iVBORw0KGgoAAAANSUhEUgAAAKAAAABaCAIAAACwpMoFAAADJElEQVR42u2T2VYTQRRFz3OYMg+AAr77IjIohkEMgsj06/4G',
		'H4G3CmVlETJ0J9Vdde9Za79ASPfd5xzw9PRUWftEJpB0RFBvaHwE4Mx1j0AK3i0Mb7hLiowIlepuVDjDyE5KOiIsVT8nhxim',
		'eHYpEUG9oXGk4D2z+BEod8RSbY9MwI0g5fuxXNufjBhO/RvjxBwR1BsaHwGW6/vF4AyLeleihIhICj6IB294oIbHxz/jKCwi',
		'JJdaKiOY0O6cHWeKCCv1Q32IYbkHTG33mQIuwUrj0CZuBGGePGO7/zoOrCkFfyHj8CPI9pVM7f7vOKACFm5ofATRFbza/Don',
		'Yjj/Q9SQo+Cg96AYbTsjyF1woIgQTzQ6RhD0PzhHRFLwUUJ4w6gvzFVwwIiw2jpShjMs7+15Cg55D9Za3wwiIwj05BwFBzU1',
		'WnC4EURYcH8c3rBPskaUsd2wF2Kt3Z8HZzjfE1Qya7vhL0G1fRwaGUEBb4mNqe0WExEiiUPlCGZsN2hEqHaOU8EZpnNtJBFJ',
		'wSea8IYn5AUYdDY1AtQ6p2QUGYEOEdS6p2/iDMd8RBKKSAo+y403PCMxRwT1hsZHgHrve+mIYQxnxEzuiKDe0PgIwJnrRgo+',
		'N4UfgSFf1NfPySvcCLS4oLH+YxQxfPP3JLmIoN7Q+Aik4EE4vOGAlBgRGhuDcnGGZd8QOfNEhObGRfyIYRJ3RhgR1BsaB83N',
		'Czu4EVjyFaTgn2QYPwI9OlBvaHwEaG1e5kAM833RDpFEhNa7y0A4w2AP10EBEUnBVyXiDa9IuIig3tD4CNB+/0sBYqhDZOHA',
		'jqrNEYAb1z0CKfh6GG94TSaQVkRob11nxRlm/5Yp4okIna3fIRDDQE9WQzERQb2h8RFIwTcx4w1vSO6I0Nm+SR1nmL5FINDd',
		'vrWAjMCI6StgU9vOCNDduX3BGQ79SEZJLiIp+C4T3vCOpBIR1BsaHwF6O/elIIZlvToVFhIReh/uo8UZRnxeEhFJwQ9J4w0f',
		'yDhQaX4kimHBLJiwYMKCCQsmLJiwYMKCWTBhwYQFExZMWDBhwYQFs2DCggkLJrHxFwk4XkA/U+nbAAAAAElFTkSuQmCC',
	].join(''),
};

/** Writes the images into `folder`; their names are what the demo's scene file names. */
export async function writeDemoImages(folder: string): Promise<void> {
	await Promise.all(
		Object.entries(demoImages).map(([name, base64]) =>
			writeFile(join(folder, name), Buffer.from(base64, 'base64')),
		),
	);
}
