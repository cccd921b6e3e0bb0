import { type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { requireCapability } from '$lib/server/kit/guards';
import { clientErrorCode } from '$lib/server/kit/domain-errors';
import { addCoTrainerById, listMyCourses } from '$lib/server/authoring';
import { addTrainerSchema, blockSchema, blockUser, getUserForAdmin, grantRoleSchema, grantRole, hasCapability, revokeRole, revokeRoleSchema, unblockSchema, unblockUser, type Capability } from '$lib/server/users';
import { failureOf, notFound, parseForm } from './form';
import type { Actions, PageServerLoad } from './$types';

/** The person the URL names, for an admin holding `capability`; 404 for a malformed or unknown id. */
async function target(event: RequestEvent<{ id: string }>, capability: Capability) {
	const admin = requireCapability(event, capability);
	if (!z.guid().safeParse(event.params.id).success) notFound();
	try {
		return { admin, ...(await getUserForAdmin(event.locals.services, { userId: event.params.id })) };
	} catch (cause) {
		if (clientErrorCode(cause) === 'users.not_found') notFound();
		throw cause;
	}
}

export const load: PageServerLoad = async (event) => {
	const { admin, user, grants, courses, history } = await target(event, 'users:view');
	const isTrainer = hasCapability(user.roles, 'courses:author');
	const trained = new Set(courses.trained.map((c) => c.id));
	const courseOptions = isTrainer ? (await listMyCourses(event.locals.services, { actor: admin })).filter((c) => !trained.has(c.id)).map((c) => ({ id: c.id, title: c.title })) : [];
	return {
		account: {
			id: user.id,
			givenName: user.givenName,
			familyName: user.familyName,
			email: user.email,
			locale: user.locale,
			status: user.status,
			blockedReason: user.blockedReason,
			blockedAt: user.blockedAt?.toISOString() ?? null,
			createdAt: user.createdAt.toISOString(),
			lastSeenAt: (user.lastAccessAt ?? user.lastLoginAt)?.toISOString() ?? null,
			roles: user.roles
		},
		grants: grants.map((g) => ({ ...g, grantedAt: g.grantedAt.toISOString() })),
		courses,
		history: history.map((h) => ({ ...h, at: h.at.toISOString() })),
		courseOptions,
		isSelf: user.id === admin.id,
		isTrainer
	};
};

export const actions: Actions = {
	block: async (event) => {
		const { admin, user } = await target(event, 'users:block');
		const form = await parseForm(event, blockSchema, 'block', ['reason']);
		if (!form.ok) return form.failure;
		try {
			await blockUser(event.locals.services, { userId: user.id, reason: form.data.reason, by: admin.id });
		} catch (cause) {
			return failureOf(cause, 'block', form.values);
		}
		return { done: 'admin.block.done' as MessageKey };
	},
	unblock: async (event) => {
		const { admin, user } = await target(event, 'users:block');
		const form = await parseForm(event, unblockSchema, 'unblock', ['note']);
		if (!form.ok) return form.failure;
		try {
			await unblockUser(event.locals.services, { userId: user.id, note: form.data.note, by: admin.id });
		} catch (cause) {
			return failureOf(cause, 'unblock', form.values);
		}
		return { done: 'admin.unblock.done' as MessageKey };
	},
	grantRole: async (event) => {
		const { admin, user } = await target(event, 'users:grant_role');
		const form = await parseForm(event, grantRoleSchema, 'grantRole', ['role']);
		if (!form.ok) return form.failure;
		try {
			await grantRole(event.locals.services, { userId: user.id, role: form.data.role, by: admin.id });
		} catch (cause) {
			return failureOf(cause, 'grantRole', form.values);
		}
		return { done: 'admin.roles.granted' as MessageKey, role: form.data.role };
	},
	revokeRole: async (event) => {
		const { admin, user } = await target(event, 'users:grant_role');
		const form = await parseForm(event, revokeRoleSchema, 'revokeRole', ['role']);
		if (!form.ok) return form.failure;
		try {
			await revokeRole(event.locals.services, { userId: user.id, role: form.data.role, by: admin.id });
		} catch (cause) {
			return failureOf(cause, 'revokeRole', form.values);
		}
		return { done: 'admin.roles.revoked' as MessageKey, role: form.data.role };
	},
	addTrainer: async (event) => {
		const { admin, user } = await target(event, 'users:grant_role');
		const form = await parseForm(event, addTrainerSchema, 'addTrainer', ['courseId']);
		if (!form.ok) return form.failure;
		try {
			await addCoTrainerById(event.locals.services, { actor: { id: admin.id, roles: admin.roles }, courseId: form.data.courseId, userId: user.id });
		} catch (cause) {
			return failureOf(cause, 'addTrainer', form.values);
		}
		return { done: 'admin.trainer.done' as MessageKey };
	}
};

