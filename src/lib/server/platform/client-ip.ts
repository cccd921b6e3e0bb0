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
