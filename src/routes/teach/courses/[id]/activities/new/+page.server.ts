import { error, fail, redirect } from '@sveltejs/kit';
import { getCourseForEditing } from '$lib/server/authoring/index';
import { activityAction, loadOr404, requireAuthor } from '$lib/server/kit/authoring';
import { activityTypes, licences } from '$lib/server/courses/courses.tables';
import type { Actions, PageServerLoad } from './$types';

/** A new activity in the section named by ?section=; the type is chosen first (?type=), so the form shows only its fields. */
export const load: PageServerLoad = async (event) => {
	const actor = requireAuthor(event);
	const view = await loadOr404(getCourseForEditing({ db: event.locals.services.db }, { actor, courseId: event.params.id }));
	const section = view.sections.find((s) => s.id === event.url.searchParams.get('section'));
	if (!section) error(404, { message: 'Not found', code: 'authoring.not_found' });
	const requested = event.url.searchParams.get('type');
	const type = activityTypes.find((ty) => ty === requested) ?? null;
	return { course: { id: view.course.id, title: view.course.title }, section: { id: section.id, title: section.title }, type, types: activityTypes, licences };
};

const sectionOf = (url: URL) => url.searchParams.get('section') ?? '';

export const actions: Actions = {
	save: async (event) => {
		const result = await activityAction(event, { sectionId: sectionOf(event.url) }, 'save');
		if (result && 'failed' in result) return fail(result.failed ?? 400, result);
		redirect(303, `/teach/courses/${event.params.id}?done=activityAdded`);
	},
	preview: async (event) => activityAction(event, { sectionId: sectionOf(event.url) }, 'preview')
};
