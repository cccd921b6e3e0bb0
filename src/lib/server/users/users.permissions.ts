import type { Role } from './users.tables';

/**
 * Named capabilities and the roles that hold them by default (as Moodle's db/access.php).
 * Routes ask for a capability, never for a role, so a later change of policy is one line.
 */
export const capabilities = {
	'admin:access': ['admin'],
	/** The user directory and a person's page (roles, courses, status history). */
	'users:view': ['admin'],
	'users:block': ['admin'],
	'users:grant_role': ['admin'],
	'legal:manage': ['admin'],
	/** Privacy requests as cases (/admin/requests) and deleting an account. */
	'privacy:manage': ['admin'],
	/** The audit log of administrative and moderation actions. */
	'audit:view': ['admin'],
	'courses:author': ['trainer', 'admin'],
	'support:respond': ['specialist', 'admin']
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof capabilities;

/** Roles an administrator grants and revokes in the app (everyone is a participant). */
export const grantableRoles = ['trainer', 'admin', 'specialist'] as const satisfies readonly Role[];
export type GrantableRole = (typeof grantableRoles)[number];

export function hasCapability(roles: readonly Role[], capability: Capability): boolean {
	const allowed: readonly Role[] = capabilities[capability];
	return roles.some((role) => allowed.includes(role));
}
