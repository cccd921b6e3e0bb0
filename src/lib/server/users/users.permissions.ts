import type { Role } from './users.tables';

/**
 * Named capabilities and the roles that hold them by default (as Moodle's db/access.php).
 * Routes ask for a capability, never for a role, so a later change of policy is one line.
 */
export const capabilities = {
	'admin:access': ['admin'],
	'users:block': ['admin'],
	'users:grant_role': ['admin'],
	'courses:author': ['trainer', 'admin'],
	'support:respond': ['specialist', 'admin']
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof capabilities;

export function hasCapability(roles: readonly Role[], capability: Capability): boolean {
	const allowed: readonly Role[] = capabilities[capability];
	return roles.some((role) => allowed.includes(role));
}
