import { fail, redirect } from '@sveltejs/kit';
import { createCourse, createCourseSchema, listMyCourses, parseForm } from '$lib/server/authoring/index';
import { requireAuthor } from '$lib/server/kit/authoring';
import type { Actions, PageServerLoad } from './$types';

/** The trainer's courses (an admin's: every course) and the form to create one. */
export const load: PageServerLoad = async (event) => {
	const actor = requireAuthor(event);
	const courses = await listMyCourses({ db: event.locals.services.db }, { actor });
	return {
		isAdmin: actor.roles.includes('admin'),
		courses: courses.map((c) => ({ id: c.id, title: c.title, status: c.status, visibility: c.visibility, role: c.role, updatedAt: c.updatedAt.toISOString() }))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const actor = requireAuthor(event);
		const parsed = parseForm(createCourseSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { values: parsed.values, errors: parsed.errors });
		const { db, clock } = event.locals.services;
		const course = await createCourse({ db, clock }, { actor, title: parsed.data.title });
		redirect(303, `/teach/courses/${course.id}`);
	}
};
