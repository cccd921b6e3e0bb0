import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response. They are written to the raw response in
 * onRequest so they survive `reply.hijack()` and the hand-off to SvelteKit. The
 * Content-Security-Policy here is the strict default for non-page responses;
 * SvelteKit pages replace it with their nonce-based policy (kit.csp), and the
 * development identity provider with its own.
 */
export const securityHeaders = fp(async (app: FastifyInstance, opts: { https: boolean }) => {
	app.addHook('onRequest', async (_request, reply) => {
		const res = reply.raw;
		res.setHeader('x-content-type-options', 'nosniff');
		res.setHeader('x-frame-options', 'DENY');
		res.setHeader('referrer-policy', 'strict-origin-when-cross-origin');
		res.setHeader('cross-origin-opener-policy', 'same-origin');
		res.setHeader('cross-origin-resource-policy', 'same-origin');
		res.setHeader('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
		res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
		if (opts.https) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
	});
}, { name: 'security-headers' });
