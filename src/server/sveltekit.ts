import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_FILE_BYTES } from '../lib/server/files/index';
import { CLIENT_IP_HEADER, REQUEST_ID_HEADER } from '../lib/server/platform/client-ip';
import { redactUrl } from '../lib/server/platform/logger';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Loads SvelteKit's request handler: the adapter-node build in production, Vite in
 * middleware mode (with HMR on Fastify's own HTTP server) in development. Either way
 * it is a (req, res, next) function, so both modes take the same request path.
 */
export async function loadSvelteKitHandler(app: FastifyInstance, opts: { dev: boolean; origin: string }): Promise<Handler> {
	if (opts.dev) {
		const { createServer } = await import('vite');
		const vite = await createServer({
			server: { middlewareMode: true, hmr: { server: app.server } },
			appType: 'custom'
		});
		app.addHook('onClose', async () => vite.close());
		return vite.middlewares as unknown as Handler;
	}
	// adapter-node reads its settings from the environment when the handler is imported.
	process.env.ORIGIN = opts.origin;
	// Its default body limit (512 KB) would refuse course materials the file store accepts;
	// allow the largest upload plus room for the other form fields.
	process.env.BODY_SIZE_LIMIT = String(MAX_FILE_BYTES + 1024 * 1024);
	const file = path.resolve(process.cwd(), 'build', 'handler.js');
	try {
		const mod = (await import(pathToFileURL(file).href)) as { handler: Handler };
		return mod.handler;
	} catch (error) {
		throw new Error(`Cannot load the SvelteKit build at ${file}: run \`npm run build\` first (or \`npm start\`, which builds). ${(error as Error).message}`);
	}
}

/**
 * SvelteKit as a catch-all route inside its own encapsulated plugin: Fastify's own
 * routes (/healthz, /auth/*) win, and the body reaches SvelteKit untouched.
 */
export function sveltekitRoutes(handler: Handler) {
	return async (scope: FastifyInstance) => {
		scope.removeAllContentTypeParsers();
		scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
		scope.all('/*', (request, reply) => {
			// The client address as Fastify determined it (TRUST_PROXY decides whether
			// X-Forwarded-For counts); always overwritten, so a client cannot set it.
			request.raw.headers[CLIENT_IP_HEADER] = request.ip;
			request.raw.headers[REQUEST_ID_HEADER] = request.id;
			reply.hijack();
			// adapter-node's static server pipes file streams into the response without an
			// error listener: a file removed after its lookup (a rebuild under a running
			// server) would throw an uncaught error and stop the process. Answer 404 instead.
			reply.raw.on('pipe', (source) => {
				source.once('error', (error: NodeJS.ErrnoException) => {
					request.log.warn({ err: error, url: redactUrl(request.url) }, 'response stream failed');
					if (!reply.raw.headersSent) {
						reply.raw.writeHead(error.code === 'ENOENT' ? 404 : 500, { 'content-type': 'text/plain; charset=utf-8' });
						reply.raw.end(error.code === 'ENOENT' ? 'Not found' : 'Internal error');
					} else {
						reply.raw.destroy();
					}
				});
			});
			handler(request.raw, reply.raw, () => {
				if (!reply.raw.headersSent) reply.raw.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
				reply.raw.end('Not found');
			});
		});
	};
}
