import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { requireUser } from '$lib/server/kit/guards';
import { listNotifications, markAllNotificationsRead, markNotificationRead, unreadCount } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 30;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const page = Math.max(0, Math.min(1000, Number.parseInt(event.url.searchParams.get('page') ?? '0', 10) || 0));
	const { db } = event.locals.services;
	const rows = await listNotifications({ db }, { userId: user.id, limit: PAGE_SIZE + 1, offset: page * PAGE_SIZE });
	return {
		items: rows.slice(0, PAGE_SIZE).map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, url: n.url, createdAt: n.createdAt.toISOString(), read: n.readAt !== null })),
		unread: await unreadCount({ db }, user.id),
		page,
		hasMore: rows.length > PAGE_SIZE
	};
};

export const actions: Actions = {
	read: async (event) => {
		const user = requireUser(event);
		const id = String((await event.request.formData()).get('id') ?? '');
		if (!z.guid().safeParse(id).success) error(404, { message: 'Not found', code: 'notifications.not_found' });
		try {
			await markNotificationRead(event.locals.services, { userId: user.id, id });
		} catch (cause) {
			if (isAppError(cause) && cause.status < 500) error(cause.status, { message: cause.message, code: cause.code });
			throw cause;
		}
		return { done: 'notifications.marked' as MessageKey };
	},
	readAll: async (event) => {
		const user = requireUser(event);
		await markAllNotificationsRead(event.locals.services, { userId: user.id });
		return { done: 'notifications.markedAll' as MessageKey };
	}
};
