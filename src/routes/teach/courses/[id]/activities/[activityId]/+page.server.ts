import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { deleteActivity, getActivityForEditing } from '$lib/server/authoring/index';
import { activityAction, failure, loadOr404, requireAuthor } from '$lib/server/kit/authoring';
import { licences } from '$lib/server/courses/courses.tables';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireAuthor(event);
	const { course, activity, file } = await loadOr404(getActivityForEditing({ db: event.locals.services.db }, { actor, courseId: event.params.id, activityId: event.params.activityId }));
	const values: Record<string, string> = {
		title: activity.title,
		description: activity.description,
		bodyMd: activity.bodyMd,
		url: activity.url ?? '',
		required: activity.required ? 'on' : '',
		completion: activity.completion,
		discussionEnabled: activity.discussionEnabled ? 'on' : '',
		licence: activity.licence,
		author: activity.author,
		sourceUrl: activity.sourceUrl ?? '',
		attribution: activity.attribution
	};
	return { course: { id: course.id, title: course.title }, activity: { id: activity.id, title: activity.title, type: activity.type }, values, fileName: file?.originalName ?? null, licences };
};

export const actions: Actions = {
	save: async (event) => {
		const result = await activityAction(event, { activityId: event.params.activityId }, 'save');
		if (result && 'failed' in result) return fail(result.failed ?? 400, result);
		redirect(303, `/teach/courses/${event.params.id}?done=activitySaved`);
	},
	preview: async (event) => activityAction(event, { activityId: event.params.activityId }, 'preview'),
	delete: async (event) => {
		const actor = requireAuthor(event);
		const { db, clock } = event.locals.services;
		const form = await event.request.formData();
		if (!z.literal('yes').safeParse(form.get('confirm')).success) {
			await loadOr404(getActivityForEditing({ db }, { actor, courseId: event.params.id, activityId: event.params.activityId }));
			return fail(400, { deleteError: 'teach.error.confirmRequired' as const });
		}
		try {
			await deleteActivity({ db, clock }, { actor, courseId: event.params.id, activityId: event.params.activityId });
		} catch (cause) {
			return fail(failure(cause).status, { deleteError: 'teach.error.confirmRequired' as const });
		}
		redirect(303, `/teach/courses/${event.params.id}?done=activityDeleted`);
	}
};
