import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { requireUser } from '$lib/server/kit/guards';
import { getAnnouncements, postAnnouncement } from '$lib/server/discussions';
import { postBody } from '$lib/server/discussions/discussions.schemas';
import type { Actions, PageServerLoad } from './$types';

/** Managers of the course only; anyone else, and a malformed id, gets "not found". */
async function orHttp<T>(event: RequestEvent<{ id: string }>, work: () => Promise<T>) {
	if (!z.guid().safeParse(event.params.id).success) error(404, { message: 'Not found', code: 'discussions.not_found' });
	try {
		return await work();
	} catch (cause) {
		if (isAppError(cause) && cause.status < 500) error(cause.status, { message: cause.message, code: cause.code });
		throw cause;
	}
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { course, announcements } = await orHttp(event, () => getAnnouncements(event.locals.services, { user, courseId: event.params.id }));
	return { course: { id: course.id, slug: course.slug, title: course.title }, announcements };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const body = String(form.get('body') ?? '').slice(0, 20_000);
		const errors: { body?: MessageKey; confirm?: MessageKey } = {};
		if (!postBody.safeParse(body).success) errors.body = 'discussions.bodyInvalid';
		if (form.get('confirm') !== 'yes') errors.confirm = 'discussions.confirmRequired';
		// Check access before telling anything about the form.
		await orHttp(event, () => getAnnouncements(event.locals.services, { user, courseId: event.params.id }));
		if (errors.body || errors.confirm) return fail(400, { body, errors });
		const { db, clock, mail, config } = event.locals.services;
		await orHttp(event, () => postAnnouncement({ db, clock, mail, origin: config.origin }, { user, courseId: event.params.id, body }));
		return { done: 'discussions.announce.done' as MessageKey };
	}
};
