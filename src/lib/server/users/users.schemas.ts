import { z } from 'zod';
import { roles } from './users.tables';
import { grantableRoles } from './users.permissions';

/*
 * Input of the admin's user pages. Messages are i18n keys (admin.*), shown next to the
 * field they belong to.
 */

/** A note kept in the audit log: 3 to 500 characters after trimming. */
const note = (message: string) => z.string().trim().min(3, message).max(500, message);

export const blockSchema = z.object({
	reason: note('admin.block.reasonInvalid'),
	confirm: z.literal('yes', 'admin.block.confirmRequired')
});

export const unblockSchema = z.object({
	note: note('admin.unblock.noteInvalid')
});

export const grantRoleSchema = z.object({
	role: z.enum(grantableRoles, 'admin.roles.roleInvalid')
});

export const revokeRoleSchema = z.object({
	role: z.enum(grantableRoles, 'admin.roles.roleInvalid'),
	confirm: z.literal('yes', 'admin.roles.confirmRequired')
});

export const addTrainerSchema = z.object({
	courseId: z.guid('admin.trainer.courseInvalid')
});

export const lastAccessFilters = ['7d', '30d', 'over90d', 'never'] as const;

/** The directory's query string: anything unexpected is dropped, never an error. */
export const directoryQuerySchema = z.object({
	q: z.string().trim().max(200).catch('').default(''),
	role: z.enum(roles).optional().catch(undefined),
	status: z.enum(['active', 'blocked']).optional().catch(undefined),
	lastAccess: z.enum(lastAccessFilters).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1)
});
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

/** Field errors of a failed parse as i18n keys, first message per field. */
export function fieldErrors<K extends string>(issues: readonly { path: PropertyKey[]; message: string }[]): Partial<Record<K, string>> {
	const errors: Partial<Record<K, string>> = {};
	for (const issue of issues) {
		const field = String(issue.path[0] ?? 'form') as K;
		errors[field] ??= issue.message;
	}
	return errors;
}
