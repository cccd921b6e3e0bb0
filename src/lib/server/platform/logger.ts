import pino, { type Logger } from 'pino';

export type { Logger };

/** The process logger (pino, JSON lines). Fastify and the domain share it. */
export function createLogger(level: string): Logger {
	return pino({
		level,
		redact: {
			paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
			censor: '[redacted]'
		}
	});
}
