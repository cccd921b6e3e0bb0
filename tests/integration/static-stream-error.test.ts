import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { sveltekitRoutes } from '../../src/server/sveltekit';

/**
 * adapter-node's static server (sirv) stats a file, then pipes fs.createReadStream(file)
 * into the response with no error listener. When the file is gone in between (a rebuild
 * under a running server) the stream's error used to be uncaught and stopped the process.
 * This handler does exactly what sirv does, with a file that does not exist.
 */
function sirvLike(mode: 'before-head' | 'after-head') {
	return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
		if (!req.url?.startsWith('/_app/')) return next();
		if (mode === 'after-head') res.writeHead(200, { 'content-type': 'text/javascript' });
		fs.createReadStream('/nonexistent/removed-by-a-rebuild.js').pipe(res);
	};
}

describe('a static file that disappears between lookup and streaming', () => {
	const uncaught: unknown[] = [];
	const onUncaught = (error: unknown) => uncaught.push(error);
	let before: FastifyInstance;
	let after: FastifyInstance;

	beforeAll(async () => {
		process.on('uncaughtException', onUncaught);
		before = Fastify({ logger: false });
		await before.register(sveltekitRoutes(sirvLike('before-head')));
		after = Fastify({ logger: false });
		await after.register(sveltekitRoutes(sirvLike('after-head')));
		await before.listen({ port: 0, host: '127.0.0.1' });
		await after.listen({ port: 0, host: '127.0.0.1' });
	});

	afterAll(async () => {
		process.off('uncaughtException', onUncaught);
		await before?.close();
		await after?.close();
	});

	const url = (app: FastifyInstance, path: string) => {
		const address = app.server.address() as { port: number };
		return `http://127.0.0.1:${address.port}${path}`;
	};

	it('answers 404 when nothing was sent yet, and the server goes on serving', async () => {
		const res = await fetch(url(before, '/_app/immutable/chunk.js'), { signal: AbortSignal.timeout(5_000) });
		expect(res.status).toBe(404);
		expect(await res.text()).toBe('Not found');
		expect((await fetch(url(before, '/other'))).status).toBe(404);
		expect(uncaught).toEqual([]);
	});

	it('closes the connection when the status line was already written, without an uncaught error', async () => {
		const failed = await fetch(url(after, '/_app/immutable/chunk.js'), { signal: AbortSignal.timeout(5_000) })
			.then((res) => res.text())
			.then(
				() => false,
				() => true
			);
		expect(failed).toBe(true);
		expect((await fetch(url(after, '/other'))).status).toBe(404);
		expect(uncaught).toEqual([]);
	});
});
