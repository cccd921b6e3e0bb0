import { fail } from '@sveltejs/kit';
import { hasMessage, type MessageKey } from '$lib/i18n';
import { requireUser } from '$lib/server/kit/guards';
import { getUserWithRoles } from '$lib/server/users';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { profileNamesSchema, removeAvatar, setAvatar, updateNames } from '$lib/server/privacy/privacy.service';
import type { Actions, PageServerLoad } from './$types';

/** Read afresh: after an action in the same request, `locals.user` still holds the values from before it. */
export const load: PageServerLoad = async (event) => {
	const user = (await getUserWithRoles(event.locals.services.db, requireUser(event).id)) ?? requireUser(event);
	return {
		profile: {
			givenName: user.givenName,
			familyName: user.familyName,
			email: user.email,
			pictureUrl: user.pictureUrl,
			hasAvatar: user.avatarFileId !== null,
			managedFields: user.managedFields,
			roles: user.roles,
			locale: user.locale ?? event.locals.locale
		},
		contactEmail: event.locals.services.config.privacy.contactEmail
	};
};

/** A domain refusal as a message next to `field`, or rethrown (a 500) when it is not one the person can act on. */
function refusal(cause: unknown, action: string, field: string, values: Record<string, string> = {}) {
	const code = clientErrorCode(cause);
	const key = code?.startsWith('privacy.') ? `privacy.error.${code.slice('privacy.'.length)}` : null;
	if (!key || !hasMessage(key)) throw cause;
	const status = code === 'privacy.avatar_too_large' ? 413 : code === 'privacy.avatar_type' ? 415 : code === 'privacy.field_managed' ? 409 : 400;
	return fail(status, { action, values, errors: { [field]: key as MessageKey } });
}

export const actions: Actions = {
	names: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const values = { givenName: String(form.get('givenName') ?? '').slice(0, 500), familyName: String(form.get('familyName') ?? '').slice(0, 500) };
		const parsed = profileNamesSchema.safeParse(values);
		if (!parsed.success) {
			const errors: Record<string, MessageKey> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= (issue.message === 'too_long' ? 'privacy.error.too_long' : 'privacy.error.invalid') as MessageKey;
			return fail(400, { action: 'names', values, errors });
		}
		try {
			await updateNames(event.locals.services, { userId: user.id, ...parsed.data });
		} catch (cause) {
			return refusal(cause, 'names', 'givenName', values);
		}
		return { action: 'names', done: 'privacy.profile.saved' as MessageKey };
	},
	avatar: async (event) => {
		const user = requireUser(event);
		const entry = (await event.request.formData()).get('avatar');
		const bytes = entry && typeof entry !== 'string' ? new Uint8Array(await entry.arrayBuffer()) : new Uint8Array();
		try {
			await setAvatar(event.locals.services, { userId: user.id, bytes, originalName: entry && typeof entry !== 'string' ? entry.name : '' });
		} catch (cause) {
			return refusal(cause, 'avatar', 'avatar');
		}
		return { action: 'avatar', done: 'privacy.profile.avatarUploaded' as MessageKey };
	},
	removeAvatar: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		if (form.get('confirm') !== 'yes') return fail(400, { action: 'removeAvatar', values: {}, errors: { confirm: 'privacy.error.confirm' as MessageKey } });
		await removeAvatar(event.locals.services, { userId: user.id });
		return { action: 'removeAvatar', done: 'privacy.profile.avatarRemoved' as MessageKey };
	}
};
