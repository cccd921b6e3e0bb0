import { AppError } from '../errors';

/**
 * Database faults that are about reaching the database, not about the request: a reset or
 * refused connection, a database that does not answer in time, one that is shutting down or
 * full. They cost the request in flight (503, "try again shortly"), never the process.
 */
export const DATABASE_UNAVAILABLE = 'db.unavailable';

/** The error a query gets when the database has not answered within the client-side timeout. */
export function databaseTimeout(ms: number): AppError {
	return new AppError(DATABASE_UNAVAILABLE, 503, `The database did not answer within ${ms} ms`);
}

/** postgres.js connection errors and socket errors of Node.js. */
const CONNECTION_CODES = new Set([
	DATABASE_UNAVAILABLE,
	'CONNECTION_CLOSED',
	'CONNECTION_DESTROYED',
	'CONNECTION_ENDED',
	'CONNECT_TIMEOUT',
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN'
]);

/**
 * SQLSTATEs of an unreachable or overloaded server: connection exceptions (class 08),
 * shutdown and start-up (57P01–57P03), too many connections (53300), statement_timeout
 * (57014) and idle_in_transaction_session_timeout (25P03).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300|57014|25P03)$/;

/** True when `error` (or an error it wraps, as Drizzle's DrizzleQueryError does) says the database could not be reached in time. */
export function isDatabaseUnavailable(error: unknown): boolean {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
	}
	return false;
}

type Thenable = PromiseLike<unknown> & { values?: () => PromiseLike<unknown> };

/** One transaction's state: after a timeout it is aborted and runs no further query. */
interface Scope {
	poisoned?: AppError;
	abort?: (error: AppError) => void;
}

/**
 * Gives every query of a postgres.js client (and of its transactions) a client-side
 * deadline. `statement_timeout` makes a live but slow server answer with an error; this
 * covers the server that does not answer at all (a frozen host, a dead network path), where
 * a query would otherwise wait until TCP gives up, minutes later. A transaction whose query
 * timed out is rejected at once and refuses further queries, so it can never commit later.
 */
export function withQueryTimeout<T extends object>(client: T, ms: number, scope: Scope = {}): T {
	const settle = (pending: () => PromiseLike<unknown>) =>
		new Promise((resolve, reject) => {
			if (scope.poisoned) return reject(scope.poisoned);
			const timer = setTimeout(() => {
				const error = databaseTimeout(ms);
				if (scope.abort) {
					scope.poisoned = error;
					scope.abort(error);
				}
				reject(error);
			}, ms);
			pending().then(
				(value) => (clearTimeout(timer), resolve(value)),
				(error) => (clearTimeout(timer), reject(error))
			);
		});
	// postgres.js queries run when first awaited; Drizzle asks for `.values()` or awaits the query itself.
	const timed = (query: Thenable) => ({
		values: () => settle(() => query.values!()),
		then: (ok?: (value: unknown) => unknown, fail?: (error: unknown) => unknown) => settle(() => query).then(ok, fail)
	});

	const transaction =
		(run: (...args: unknown[]) => Promise<unknown>) =>
		(...args: unknown[]) => {
			const body = args.pop() as (tx: object) => unknown;
			const inner: Scope = {};
			const aborted = new Promise<never>((_, reject) => (inner.abort = reject));
			aborted.catch(() => undefined);
			// BEGIN and COMMIT are sent by the driver itself, outside the wrapped queries: time them too.
			let timer: NodeJS.Timeout | undefined;
			const deadline = () => {
				clearTimeout(timer);
				timer = setTimeout(() => inner.abort!(databaseTimeout(ms)), ms);
			};
			deadline();
			const done = run(...args, async (tx: object) => {
				clearTimeout(timer);
				try {
					return await body(withQueryTimeout(tx, ms, inner));
				} finally {
					deadline();
				}
			});
			// After a timeout the driver's own rollback may wait for ever on the silent connection.
			done.catch(() => undefined).finally(() => clearTimeout(timer));
			return Promise.race([done, aborted]);
		};

	return new Proxy(client, {
		get(target, property, receiver) {
			const value = Reflect.get(target, property, receiver) as unknown;
			if (typeof value !== 'function') return value;
			if (property === 'unsafe') return (...args: unknown[]) => timed(value.apply(target, args) as Thenable);
			if (property === 'begin' || property === 'savepoint') return transaction((...args) => value.apply(target, args) as Promise<unknown>);
			return value;
		}
	});
}
