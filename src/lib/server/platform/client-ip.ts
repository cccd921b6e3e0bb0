/**
 * Fastify hosts SvelteKit and knows the client address (honouring TRUST_PROXY); it
 * passes it to SvelteKit in this request header, which it always overwrites.
 */
export const CLIENT_IP_HEADER = 'x-platform-client-ip';

/** The client address of a request that came through Fastify, or undefined. */
export function clientIp(request: Request): string | undefined {
	const value = request.headers.get(CLIENT_IP_HEADER);
	return value && value.length <= 64 ? value : undefined;
}

/** Fastify's id of the request (logged with it), passed to SvelteKit the same way. */
export const REQUEST_ID_HEADER = 'x-platform-request-id';

/** The id Fastify gave a request that came through it, or undefined. */
export function requestId(request: Request): string | undefined {
	const value = request.headers.get(REQUEST_ID_HEADER);
	return value && value.length <= 64 ? value : undefined;
}
