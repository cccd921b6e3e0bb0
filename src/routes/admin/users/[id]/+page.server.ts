import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { hasMessage, type MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { requireCapability } from '$lib/server/kit/guards';
import { blockUser, getUserWithRoles, unblockUser } from '$lib/server/users/users.service';
import type { Actions, PageServerLoad } from './$types';

const blockForm = z.object({
	reason: z.string().trim().min(3, 'admin.block.reasonInvalid').max(500, 'admin.block.reasonInvalid'),
	confirm: z.literal('yes', 'admin.block.confirmRequired')
});
type BlockErrors = Partial<Record<keyof z.infer<typeof blockForm>, MessageKey>>;

/** An admin for the guard, and the account named by the URL; 404 for a malformed or unknown id. */
async function target(event: RequestEvent<{ id: string }>) {
	const admin = requireCapability(event, 'users:block');
	if (!z.guid().safeParse(event.params.id).success) error(404, { message: 'Not found', code: 'users.not_found' });
	const user = await getUserWithRoles(event.locals.services.db, event.params.id);
	if (!user) error(404, { message: 'Not found', code: 'users.not_found' });
	return { admin, user };
}

/** The domain says users.not_found when the account vanished between the check and the write. */
async function orNotFound<T>(work: Promise<T>) {
	try {
		return await work;
	} catch (cause) {
		if (isAppError(cause) && cause.code === 'users.not_found') error(404, { message: 'Not found', code: 'users.not_found' });
		throw cause;
	}
}

export const load: PageServerLoad = async (event) => {
	const { admin, user } = await target(event);
	return {
		account: {
			id: user.id,
			givenName: user.givenName,
			familyName: user.familyName,
			email: user.email,
			roles: user.roles,
			status: user.status,
			blockedReason: user.blockedReason,
			lastLoginAt: user.lastLoginAt?.toISOString() ?? null
		},
		isSelf: user.id === admin.id
	};
};

export const actions: Actions = {
	block: async (event) => {
		const { admin, user } = await target(event);
		const form = await event.request.formData();
		const reason = String(form.get('reason') ?? '').slice(0, 2000);
		const parsed = blockForm.safeParse({ reason, confirm: form.get('confirm') });
		if (!parsed.success) {
			const errors: BlockErrors = {};
			for (const issue of parsed.error.issues) {
				const field = issue.path[0] as keyof BlockErrors;
				if (hasMessage(issue.message)) errors[field] ??= issue.message;
			}
			return fail(400, { action: 'block' as const, reason, errors, formError: null });
		}
		const { db, clock } = event.locals.services;
		try {
			await orNotFound(blockUser({ db, clock }, { userId: user.id, reason: parsed.data.reason, by: admin.id }));
		} catch (cause) {
			if (isAppError(cause) && cause.code === 'users.cannot_block_self') {
				return fail(400, { action: 'block' as const, reason, errors: {} as BlockErrors, formError: 'admin.block.self' as MessageKey });
			}
			throw cause;
		}
		return { done: 'admin.block.done' as MessageKey };
	},
	unblock: async (event) => {
		const { admin, user } = await target(event);
		const { db, clock } = event.locals.services;
		await orNotFound(unblockUser({ db, clock }, { userId: user.id, by: admin.id }));
		return { done: 'admin.unblock.done' as MessageKey };
	}
};
