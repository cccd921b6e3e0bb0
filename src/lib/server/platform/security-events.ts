import type { Logger } from './logger';

/**
 * Security-relevant outcomes, one structured log line each, for investigations: who (user
 * id), from where (client address), which request (the id Fastify gives it and logs with
 * the request), what happened. Administrative actions are audited in the database instead.
 */
export type SecurityEventName =
	| 'auth.signed_in'
	| 'auth.sign_in_failed'
	| 'auth.sign_in_blocked'
	| 'auth.signed_out'
	| 'auth.logout_refused'
	| 'auth.forbidden'
	| 'auth.blocked_refused';

export interface SecurityEvent {
	event: SecurityEventName;
	requestId?: string;
	ip?: string;
	userId?: string | null;
	/** A stable error code, a capability, a logout kind or a path: whatever tells the case apart. */
	[detail: string]: unknown;
}

const REFUSALS = new Set<SecurityEventName>(['auth.sign_in_failed', 'auth.sign_in_blocked', 'auth.logout_refused', 'auth.forbidden', 'auth.blocked_refused']);

/** Writes one security event: refusals as warnings, the rest as information. */
export function securityEvent(logger: Pick<Logger, 'info' | 'warn'>, event: SecurityEvent): void {
	const line = { security: true, ...event };
	if (REFUSALS.has(event.event)) logger.warn(line, event.event);
	else logger.info(line, event.event);
}
