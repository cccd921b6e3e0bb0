import type { FastifyInstance } from 'fastify';
import type { Database } from '../../lib/server/db/client';

const READY_TIMEOUT_MS = 3000;

/** Liveness (the process answers) and readiness (database reachable, migrations applied). */
export function healthRoutes(database: Database) {
	return async (app: FastifyInstance) => {
		app.get('/healthz', async (_request, reply) => {
			reply.header('cache-control', 'no-store');
			return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
		});

		app.get('/readyz', async (_request, reply) => {
			reply.header('cache-control', 'no-store');
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<{ database: boolean; migrations: boolean }>((resolve) => {
				timer = setTimeout(() => resolve({ database: false, migrations: false }), READY_TIMEOUT_MS);
			});
			const checks = await Promise.race([database.ready().catch(() => ({ database: false, migrations: false })), timeout]);
			clearTimeout(timer);
			const ready = checks.database && checks.migrations;
			return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
		});
	};
}
