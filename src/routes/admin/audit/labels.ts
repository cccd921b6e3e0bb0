import { t } from '$lib/i18n/t';
import { hasMessage } from '$lib/i18n';

/** The translated label of an audit action code; an unknown code is shown as it is. */
export function auditActionLabel(code: string): string {
	const key = `admin.audit.action.${code}`;
	return hasMessage(key) ? t(key) : code;
}

/**
 * Who acted: a name or email; "deleted user" for an account whose personal data was
 * erased; "the platform or a deleted account" when no account is linked (a job of the
 * platform, or an actor whose link erasure cut: the two cannot be told apart).
 */
export function auditActorName(actor: { name: string | null; email: string | null } | null): string {
	if (!actor) return t('admin.audit.system');
	return actor.name ?? actor.email ?? t('admin.audit.deletedUser');
}
