import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { requireCapability } from '$lib/server/kit/guards';
import { findUserById } from '$lib/server/users/users.repository';
import { adminDeleteForm } from '$lib/server/privacy/privacy.requests.schemas';
import { deleteAccountByAdmin, requestDeps } from '$lib/server/privacy/privacy.requests.service';
import { fieldErrors } from '../../../../contact/form-errors';
import type { Actions, PageServerLoad } from './$types';

type Field = 'reason' | 'confirm' | 'typed';
/** Typed to confirm when the account has no email address (or instead of it). */
const CONFIRM_WORD = 'USUŃ';

/** An admin for the guard, and the account named by the URL; 404 for a malformed or unknown id. */
async function target(event: RequestEvent<{ id: string }>) {
	const admin = requireCapability(event, 'privacy:manage');
	if (!z.guid().safeParse(event.params.id).success) error(404, { message: 'Not found', code: 'users.not_found' });
	const user = await findUserById(event.locals.services.db, event.params.id);
	if (!user) error(404, { message: 'Not found', code: 'users.not_found' });
	return { admin, user };
}

export const load: PageServerLoad = async (event) => {
	const { admin, user } = await target(event);
	return {
		account: { id: user.id, name: [user.givenName, user.familyName].filter(Boolean).join(' ') || null, email: user.email },
		isSelf: admin.id === user.id
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { admin, user } = await target(event);
		const form = await event.request.formData();
		const values = { reason: String(form.get('reason') ?? '').slice(0, 2000), typed: String(form.get('typed') ?? '').slice(0, 300) };
		const parsed = adminDeleteForm.safeParse({ ...values, confirm: form.get('confirm') });
		const errors = parsed.success ? {} : fieldErrors<Field>(parsed.error);
		const typed = values.typed.trim();
		const matches = typed.toLocaleUpperCase('pl') === CONFIRM_WORD || (user.email !== null && typed.toLowerCase() === user.email.toLowerCase());
		if (!matches) errors.typed ??= 'requests.adminDelete.typedMismatch';
		if (!parsed.success || !matches) return fail(400, { values, errors, formError: null });
		let requestId: string;
		try {
			({ requestId } = await deleteAccountByAdmin(requestDeps(event.locals.services), { userId: user.id, adminId: admin.id, reason: parsed.data.reason }));
		} catch (cause) {
			const code = clientErrorCode(cause);
			if (code === 'requests.cannot_delete_self') return fail(409, { values, errors: {}, formError: 'requests.adminDelete.self' as MessageKey });
			if (code === 'users.not_found') error(404, { message: 'Not found', code });
			throw cause;
		}
		// The account is gone; its case (with the audit entry) is what is left to show.
		redirect(303, `/admin/requests/${requestId}?done=deleted`);
	}
};
