import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const REDACTED = '[redacted]';

/**
 * Paths whose segment after the prefix is a secret: emailed confirmation links (valid for
 * a day) and the development provider's interaction ids.
 */
const TOKEN_PATHS = [/^(\/privacy-requests\/confirm\/)[^/?#]+/, /^(\/dev-idp\/interaction\/)[^/?#]+/];

/**
 * A request URL fit for the log: every query value is replaced (OIDC `code` and `state`,
 * search terms), parameter names stay; token path segments are replaced.
 */
export function redactUrl(url: string): string {
	const at = url.indexOf('?');
	let path = at === -1 ? url : url.slice(0, at);
	for (const pattern of TOKEN_PATHS) path = path.replace(pattern, `$1${REDACTED}`);
	if (at === -1) return path;
	const names = url
		.slice(at + 1)
		.split('&')
		.filter(Boolean)
		.map((pair) => `${pair.split('=')[0]}=${REDACTED}`);
	return names.length > 0 ? `${path}?${names.join('&')}` : path;
}

/** Drizzle's message and stack carry the query's parameters (essay text, post bodies, search terms): cut them off. */
const withoutParams = (text: unknown) => (typeof text === 'string' ? text.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/, '\nparams: [redacted]') : text);

/**
 * Errors without query parameters, at any depth of `cause`: Drizzle's DrizzleQueryError has
 * `params`, postgres.js errors `parameters` and `args` (when its debug mode makes them visible).
 */
export function serializeError(error: unknown, depth = 0): unknown {
	if (!(error instanceof Error) || depth > 5) return error;
	const out = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
	for (const key of ['params', 'parameters', 'args']) delete out[key];
	out.message = withoutParams(out.message);
	out.stack = withoutParams(out.stack);
	if (fromPostgres(error)) {
		// PostgreSQL quotes the offending input in messages ("invalid input syntax … "<value>"")
		// and key values in `detail` ("Key (email)=(…) already exists"): keep the code, drop the data.
		delete out.detail;
		out.message = withoutQuoted(out.message);
		out.stack = withoutQuoted(out.stack);
	}
	if (error.cause !== undefined) out.cause = serializeError(error.cause, depth + 1);
	return out;
}

const isPostgresError = (e: Record<string, unknown>) => typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && ('severity' in e || 'routine' in e);
/** The error or one it wraps came from PostgreSQL (pino copies the causes' messages into the stack). */
const fromPostgres = (error: unknown): boolean => {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
		if (isPostgresError(e as Record<string, unknown>)) return true;
	}
	return false;
};
const withoutQuoted = (text: unknown) => (typeof text === 'string' ? text.replace(/"(?:[^"\\]|\\.)*"/g, '"[redacted]"') : text);

interface LoggedRequest {
	method?: string;
	url?: string;
	id?: string;
	ip?: string;
	socket?: { remoteAddress?: string; remotePort?: number };
}

/** The request as Fastify logs it, with the URL redacted. */
function serializeRequest(request: LoggedRequest) {
	return {
		method: request.method,
		url: typeof request.url === 'string' ? redactUrl(request.url) : request.url,
		remoteAddress: request.ip ?? request.socket?.remoteAddress,
		remotePort: request.socket?.remotePort
	};
}

/** The process logger (pino, JSON lines). Fastify and the domain share it. `destination`: tests capture the lines. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
	return pino(
		{
			level,
			serializers: { err: serializeError, error: serializeError, req: serializeRequest },
			redact: {
				paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
				censor: REDACTED
			}
		},
		destination
	);
}
