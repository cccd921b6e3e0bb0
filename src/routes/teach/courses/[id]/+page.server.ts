import { fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import * as authoring from '$lib/server/authoring/index';
import { failure, loadOr404, requireAuthor, upload } from '$lib/server/kit/authoring';
import { licences, visibilities } from '$lib/server/courses/courses.tables';
import type { Actions, PageServerLoad } from './$types';

/** Messages of the activity pages, which return here after saving (?done=…). */
const redirectedDone = {
	activityAdded: 'teach.done.activityAdded',
	activitySaved: 'teach.done.activitySaved',
	activityDeleted: 'teach.done.activityDeleted'
} as const;

export const load: PageServerLoad = async (event) => {
	const actor = requireAuthor(event);
	const { db } = event.locals.services;
	const view = await loadOr404(authoring.getCourseForEditing({ db }, { actor, courseId: event.params.id }));
	const { enrolmentKeyHash: _hash, ...course } = view.course;
	const doneParam = event.url.searchParams.get('done');
	const done = doneParam && doneParam in redirectedDone ? redirectedDone[doneParam as keyof typeof redirectedDone] : null;
	return { ...view, course, categories: await authoring.listCategories({ db }), visibilities, licences, done };
};

type Event = RequestEvent<{ id: string }>;
const confirmSchema = z.object({ id: z.guid(), confirm: z.literal('yes', 'teach.error.confirmRequired') });

/** Runs one change: the actor and a form in; validation errors and domain refusals come back to the form. */
async function change<S extends z.ZodType>(
	event: Event,
	action: string,
	schema: S,
	work: (input: { actor: authoring.Actor; data: z.infer<S>; form: FormData; deps: authoring.Deps }) => Promise<unknown>,
	done: string
) {
	const actor = requireAuthor(event);
	const { db, clock } = event.locals.services;
	// Access first: another trainer's course answers 404 whatever the form holds.
	await loadOr404(authoring.managedCourse(db, actor, event.params.id));
	const form = await event.request.formData();
	const parsed = authoring.parseForm(schema, form);
	const target = String(form.get('id') ?? form.get('sectionId') ?? '');
	if (!parsed.ok) return fail(400, { action, target, values: parsed.values, errors: parsed.errors, formError: 'teach.error.form' });
	try {
		await work({ actor, data: parsed.data, form, deps: { db, clock } });
	} catch (cause) {
		const { status, key, params } = failure(cause);
		return fail(status, { action, target, values: authoring.formValues(form), errors: {} as Record<string, string>, formError: key, params });
	}
	return { action, done };
}

export const actions: Actions = {
	settings: (event) =>
		change(event, 'settings', authoring.courseSettingsSchema, async ({ actor, data, form, deps }) => {
			const coverFileId = await upload({ form, field: 'cover', accept: authoring.IMAGE_TYPES, refuse: 'authoring.cover_not_image', services: event.locals.services, userId: actor.id });
			await authoring.updateCourseSettings(deps, { actor, courseId: event.params.id, settings: data, coverFileId });
		}, 'teach.done.settings'),
	publish: (event) =>
		change(event, 'status', z.object({}), ({ actor, deps }) => authoring.setCourseStatus(deps, { actor, courseId: event.params.id, status: 'published' }), 'teach.done.published'),
	unpublish: (event) =>
		change(event, 'status', z.object({}), ({ actor, deps }) => authoring.setCourseStatus(deps, { actor, courseId: event.params.id, status: 'draft' }), 'teach.done.unpublished'),
	addSection: (event) =>
		change(event, 'addSection', authoring.sectionSchema, ({ actor, data, deps }) => authoring.addSection(deps, { actor, courseId: event.params.id, section: data }), 'teach.done.sectionAdded'),
	editSection: (event) =>
		change(event, 'editSection', authoring.sectionSchema.extend({ id: z.guid() }), ({ actor, data: { id, ...section }, deps }) =>
			authoring.updateSection(deps, { actor, courseId: event.params.id, sectionId: id, section }), 'teach.done.sectionSaved'),
	deleteSection: (event) =>
		change(event, 'deleteSection', confirmSchema, ({ actor, data, deps }) => authoring.deleteSection(deps, { actor, courseId: event.params.id, sectionId: data.id }), 'teach.done.sectionDeleted'),
	reorder: (event) =>
		change(event, 'reorder', authoring.reorderSchema, ({ actor, data, deps }) => authoring.reorder(deps, { actor, courseId: event.params.id, move: data }), 'teach.done.moved'),
	addTrainer: (event) =>
		change(event, 'addTrainer', authoring.coTrainerSchema, ({ actor, data, deps }) => authoring.addCoTrainer(deps, { actor, courseId: event.params.id, email: data.email }), 'teach.done.trainerAdded')
};
