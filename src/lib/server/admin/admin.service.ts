import type { Db } from '../db/client';
import * as repo from './admin.repository';

/**
 * Action codes written by the platform so far, each with a translated label
 * (`admin.audit.action.<code>`); an unknown code is shown as it is.
 */
export const knownAuditActions = [
	'users.blocked',
	'users.unblocked',
	'users.role_granted',
	'users.role_revoked',
	'users.deleted',
	'courses.published',
	'courses.unpublished',
	'courses.trainer_added',
	'courses.category_deleted',
	'discussions.post_removed',
	'discussions.post_edited',
	'notifications.policy_changed',
	'legal.draft_saved',
	'legal.draft_discarded',
	'legal.document_published'
] as const;
export type KnownAuditAction = (typeof knownAuditActions)[number];

export const isKnownAuditAction = (code: string): code is KnownAuditAction => (knownAuditActions as readonly string[]).includes(code);

export interface AuditView {
	id: string;
	at: Date;
	action: string;
	reason: string | null;
	details: Record<string, unknown> | null;
	/** null: done by the platform itself (no acting account). */
	actor: { id: string; name: string | null; email: string | null } | null;
	target: { type: string; id: string | null; kind: 'user' | 'course' | null; label: string | null };
}

const nameOf = (given: string | null, family: string | null) => [given, family].filter(Boolean).join(' ') || null;

/** One page of the audit log, newest first, with how many entries match the filter. */
export async function listAuditLog(deps: { db: Db }, filter: repo.AuditFilter): Promise<{ entries: AuditView[]; total: number }> {
	const [rows, total] = await Promise.all([repo.listAudit(deps.db, filter), repo.countAudit(deps.db, filter)]);
	const entries = rows.map((row): AuditView => {
		const kind = row.targetUserId ? 'user' : row.targetCourseId ? 'course' : null;
		return {
			id: row.id,
			at: row.at,
			action: row.action,
			reason: row.reason,
			details: row.details ?? null,
			actor: row.actorId ? { id: row.actorId, name: nameOf(row.actorGivenName, row.actorFamilyName), email: row.actorEmail } : null,
			target: {
				type: row.targetType,
				id: row.targetId,
				kind,
				label:
					kind === 'user'
						? (nameOf(row.targetUserGivenName, row.targetUserFamilyName) ?? row.targetUserEmail)
						: kind === 'course'
							? row.targetCourseTitle
							: null
			}
		};
	});
	return { entries, total };
}

/** What the filters of the audit page offer: the known codes and any other code already in the log. */
export async function auditFilterOptions(deps: { db: Db }) {
	const [actions, targetTypes] = await Promise.all([repo.listAuditActions(deps.db), repo.listAuditTargetTypes(deps.db)]);
	return { actions: [...new Set([...knownAuditActions, ...actions])].sort(), targetTypes };
}
