import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { hasCapability, type Capability } from '../users/users.permissions';
import { clientIp, requestId } from '../platform/client-ip';
import { securityEvent } from '../platform/security-events';
import { redactUrl } from '../platform/logger';

/** The signed-in user, or a redirect to sign-in that returns here afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = event.locals.user;
	if (!user) {
		const returnTo = `${event.url.pathname}${event.url.search}`;
		redirect(303, `/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
	}
	return user;
}

/** The signed-in user holding `capability`; 403 otherwise. Call in every load and action. */
export function requireCapability(event: Pick<RequestEvent, 'locals' | 'url'> & { request?: Request }, capability: Capability) {
	const user = requireUser(event);
	if (!hasCapability(user.roles, capability)) {
		logForbidden(event, { userId: user.id, capability, code: 'auth.forbidden' });
		error(403, { message: 'Forbidden', code: 'auth.forbidden' });
	}
	return user;
}

/** The security event of a 403 refusal: who was refused what, from where, in which request. */
export function logForbidden(event: Pick<RequestEvent, 'locals' | 'url'> & { request?: Request }, details: { userId?: string | null; code: string; capability?: string }) {
	securityEvent(event.locals.services.logger, {
		event: 'auth.forbidden',
		requestId: event.request ? requestId(event.request) : undefined,
		ip: event.request ? clientIp(event.request) : undefined,
		path: redactUrl(event.url.pathname),
		...details
	});
}
