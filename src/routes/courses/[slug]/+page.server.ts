import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { enrol, enrolForm, getCourse, leave } from '$lib/server/courses/index';
import { requireUser } from '$lib/server/kit/guards';
import { clientErrorCode, orHttpError } from '$lib/server/kit/domain-errors';
import type { Actions, PageServerLoad } from './$types';

/** The course page as this person may see it; drafts and unknown slugs are 404. */
export const load: PageServerLoad = async (event) => {
	const { db, clock } = event.locals.services;
	const view = await orHttpError(getCourse({ db, clock }, { slug: event.params.slug, user: event.locals.user }));
	const { course } = view;
	return {
		course: {
			slug: course.slug,
			title: course.title,
			visibility: course.visibility,
			estimatedHours: course.estimatedHours,
			summaryHtml: view.summaryHtml
		},
		category: view.category ? { slug: view.category.slug, name: view.category.name } : null,
		relation: view.relation,
		readContent: view.caps.readContent,
		sections: view.sections?.map((s) => ({
			id: s.id,
			title: s.title,
			activities: s.activities.map((a) => ({ id: a.id, title: a.title, type: a.type, required: a.required, done: a.done }))
		})) ?? null,
		enrolment: view.enrolment,
		progress: view.progress,
		continueActivityId: view.continueActivityId,
		confirmLeave: event.url.searchParams.get('leave') === 'confirm' && view.relation === 'participant'
	};
};

const formErrors: Record<string, MessageKey> = {
	'courses.enrolment_key_invalid': 'courses.error.enrolment_key_invalid',
	'courses.enrolment_closed': 'courses.error.enrolment_closed',
	'courses.manager_cannot_enrol': 'courses.error.manager_cannot_enrol'
};

export const actions: Actions = {
	enrol: async (event) => {
		const user = requireUser(event);
		const form = await event.request.formData();
		const parsed = enrolForm.safeParse({ key: form.get('key') ?? undefined });
		if (!parsed.success) return fail(400, { action: 'enrol' as const, error: 'courses.error.enrolment_key_invalid' as MessageKey });
		const { db, clock } = event.locals.services;
		try {
			await enrol({ db, clock }, { slug: event.params.slug, user, key: parsed.data.key });
		} catch (cause) {
			const code = clientErrorCode(cause);
			if (code && formErrors[code]) return fail(code === 'courses.enrolment_key_invalid' ? 400 : 409, { action: 'enrol' as const, error: formErrors[code] });
			return orHttpError(Promise.reject(cause));
		}
		return { action: 'enrol' as const, done: 'courses.enrolledNow' as MessageKey };
	},
	leave: async (event) => {
		const user = requireUser(event);
		const { db, clock } = event.locals.services;
		await orHttpError(leave({ db, clock }, { slug: event.params.slug, user }));
		return { action: 'leave' as const, done: 'courses.left' as MessageKey };
	}
};
