import { randomUUID } from 'node:crypto';
import type { Services } from '../../src/lib/server/services';
import { SESSION_COOKIE } from '../../src/lib/server/auth/index';
import { insertSession } from '../../src/lib/server/auth/auth.repository';
import { hashToken, randomToken } from '../../src/lib/server/platform/ids';
import { users, userRoles, type Role } from '../../src/lib/server/users/users.tables';

/**
 * A person with a live session, for HTTP tests of pages and form actions through the
 * whole stack. Sign-in itself is tested against the real provider in auth-flow and
 * oidc-conformance; here the session row is written directly so that each test
 * can act as a participant, a trainer or an admin without a browser.
 */
export async function signedInUser(services: Services, input: { roles?: Role[]; givenName?: string; familyName?: string; email?: string; locale?: 'pl' | 'en' } = {}) {
	const id = randomUUID();
	const [user] = await services.db
		.insert(users)
		.values({
			id,
			issuer: services.config.oidc.issuer,
			subject: `test-${id}`,
			givenName: input.givenName ?? 'Test',
			familyName: input.familyName ?? `Osoba-${id.slice(0, 8)}`,
			email: input.email ?? `${id.slice(0, 8)}@example.gov.pl`,
			locale: input.locale ?? null
		})
		.returning();
	const roles = (input.roles ?? []).filter((r) => r !== 'participant');
	if (roles.length > 0) await services.db.insert(userRoles).values(roles.map((role) => ({ userId: id, role, source: 'app' as const })));
	const token = randomToken();
	const now = services.clock.now();
	await insertSession(services.db, {
		idHash: hashToken(token),
		userId: id,
		createdAt: now,
		lastSeenAt: now,
		expiresAt: new Date(now.getTime() + 3_600_000),
		idpIssuer: services.config.oidc.issuer,
		idpSid: null,
		idToken: null
	});
	return { user, token, cookie: `${SESSION_COOKIE}=${token}` };
}

/**
 * Posts a SvelteKit form action as a browser would (urlencoded, same Origin) or as a
 * cross-site page would (`origin` of another site). Returns the raw response, no redirects followed.
 */
export async function postAction(
	base: string,
	path: string,
	fields: Record<string, string>,
	options: { cookie?: string; origin?: string; accept?: string } = {}
) {
	return fetch(`${base}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			origin: options.origin ?? base,
			accept: options.accept ?? 'text/html',
			...(options.cookie ? { cookie: options.cookie } : {})
		},
		body: new URLSearchParams(fields).toString()
	});
}
