import { fail, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import * as authoring from '$lib/server/authoring/index';
import { failure } from '$lib/server/kit/authoring';
import { requireCapability } from '$lib/server/kit/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireCapability(event, 'admin:access');
	return { categories: await authoring.listCategories({ db: event.locals.services.db }) };
};

const idField = { id: z.guid() };
const schemas = {
	create: authoring.categorySchema,
	rename: authoring.categorySchema.extend(idField),
	move: z.object({ ...idField, direction: z.enum(['up', 'down']) }),
	delete: z.object({ ...idField, confirm: z.literal('yes', 'teach.error.confirmRequired') })
};

/** One admin change: capability, validation next to the field, domain refusals as a message. */
async function change<K extends keyof typeof schemas>(event: RequestEvent, action: K, work: (actor: authoring.Actor, data: z.infer<(typeof schemas)[K]>) => Promise<unknown>, done: string) {
	const user = requireCapability(event, 'admin:access');
	const form = await event.request.formData();
	const parsed = authoring.parseForm(schemas[action], form);
	const target = String(form.get('id') ?? '');
	if (!parsed.ok) return fail(400, { action, target, values: parsed.values, errors: parsed.errors });
	try {
		await work({ id: user.id, roles: user.roles }, parsed.data as z.infer<(typeof schemas)[K]>);
	} catch (cause) {
		const { status, key, params } = failure(cause);
		return fail(status, { action, target, values: authoring.formValues(form), errors: {} as Record<string, string>, formError: key, params });
	}
	return { action, done };
}

export const actions: Actions = {
	create: (event) => change(event, 'create', (actor, d) => authoring.createCategory(deps(event), { actor, name: d.name }), 'teach.categories.added'),
	rename: (event) => change(event, 'rename', (actor, d) => authoring.renameCategory(deps(event), { actor, categoryId: d.id, name: d.name }), 'teach.categories.renamed'),
	move: (event) => change(event, 'move', (actor, d) => authoring.moveCategory(deps(event), { actor, categoryId: d.id, direction: d.direction, to: null }), 'teach.done.moved'),
	delete: (event) => change(event, 'delete', (actor, d) => authoring.deleteCategory(deps(event), { actor, categoryId: d.id }), 'teach.categories.deleted')
};

const deps = (event: RequestEvent) => ({ db: event.locals.services.db, clock: event.locals.services.clock });
