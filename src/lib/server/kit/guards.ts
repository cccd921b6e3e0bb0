import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { hasCapability, type Capability } from '../users/users.permissions';

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
export function requireCapability(event: Pick<RequestEvent, 'locals' | 'url'>, capability: Capability) {
	const user = requireUser(event);
	if (!hasCapability(user.roles, capability)) error(403, { message: 'Forbidden', code: 'auth.forbidden' });
	return user;
}
