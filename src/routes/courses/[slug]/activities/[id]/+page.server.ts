import { error, fail, redirect } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { activityId, completionForm, readActivity, setActivityDone } from '$lib/server/courses/index';
import { requireUser } from '$lib/server/kit/guards';
import { clientErrorCode, orHttpError } from '$lib/server/kit/domain-errors';
import { licenceUrls } from '$lib/components/courses/format';
import { materialJsonLd } from './material-metadata';
import type { Actions, PageServerLoad } from './$types';

function validId(id: string) {
	if (!activityId.safeParse(id).success) error(404, { message: 'Not found', code: 'courses.not_found' });
	return id;
}

/** One activity, readable only where the course's content is (404 otherwise); records access for participants. */
export const load: PageServerLoad = async (event) => {
	const { db, clock, files } = event.locals.services;
	const view = await orHttpError(readActivity({ db, clock }, { slug: event.params.slug, activityId: validId(event.params.id), user: event.locals.user, locale: event.locals.locale }));
	const { activity: a, course } = view;
	// Quizzes and surveys have their own pages (summary, attempts, responses).
	if (a.type === 'quiz' || a.type === 'survey') redirect(303, `/courses/${encodeURIComponent(course.slug)}/${a.type}/${a.id}`);
	const file = a.type === 'file' && a.fileId ? await files.findFile(a.fileId) : undefined;
	const pageUrl = `${event.locals.services.config.origin}${event.url.pathname}`;
	return {
		course: { slug: course.slug, title: course.title },
		section: view.section.title,
		activity: {
			id: a.id,
			title: a.title,
			type: a.type,
			url: a.type === 'link' && a.url && /^https?:\/\//i.test(a.url) ? a.url : null,
			completion: a.completion,
			required: a.required,
			licence: a.licence,
			licenceUrl: licenceUrls[a.licence],
			author: a.author,
			sourceUrl: a.sourceUrl && /^https?:\/\//i.test(a.sourceUrl) ? a.sourceUrl : null,
			attribution: a.attribution,
			discussionEnabled: a.discussionEnabled
		},
		bodyHtml: view.bodyHtml,
		descriptionHtml: view.descriptionHtml,
		file: file ? { href: `/files/${file.id}`, name: file.originalName, size: file.size, contentType: file.contentType } : null,
		done: view.done,
		progress: view.progress,
		relation: view.relation,
		previous: view.previous,
		next: view.next,
		jsonLd: materialJsonLd({ activity: a, course, pageUrl, fileUrl: file ? `${event.locals.services.config.origin}/files/${file.id}` : null, fileType: file?.contentType, locale: event.locals.locale })
	};
};

export const actions: Actions = {
	done: async (event) => {
		const user = requireUser(event);
		const parsed = completionForm.safeParse({ done: (await event.request.formData()).get('done') });
		if (!parsed.success) return fail(400, { error: 'courses.error.not_enrolled' as MessageKey });
		const { db, clock } = event.locals.services;
		try {
			await setActivityDone({ db, clock }, { activityId: validId(event.params.id), user, done: parsed.data.done === 'yes' });
		} catch (cause) {
			if (clientErrorCode(cause) === 'courses.not_enrolled') return fail(403, { error: 'courses.error.not_enrolled' as MessageKey });
			return orHttpError(Promise.reject(cause));
		}
		return { saved: true };
	}
};
