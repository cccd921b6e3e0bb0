import { error, type RequestEvent } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '../errors';
import { detectContentType } from '../files/index';
import type { Services } from '../services';
import type { Actor } from '../authoring/index';
import { requireCapability } from './guards';

/** The signed-in holder of courses:author as the authoring domain's actor; sign-in or 403 otherwise. */
export function requireAuthor(event: Pick<RequestEvent, 'locals' | 'url'>): Actor {
	const user = requireCapability(event, 'courses:author');
	return { id: user.id, roles: user.roles };
}

/** Domain codes a person can act on, with the message shown above the form. */
const messages: Record<string, MessageKey> = {
	'authoring.trainer_unknown': 'teach.error.trainerUnknown',
	'authoring.trainer_not_author': 'teach.error.trainerNotAuthor',
	'authoring.trainer_already': 'teach.error.trainerAlready',
	'authoring.not_owner': 'teach.error.notOwner',
	'authoring.category_not_found': 'teach.error.categoryMissing',
	'authoring.category_in_use': 'teach.categories.inUse',
	'authoring.cover_not_image': 'teach.error.coverNotImage',
	'authoring.material_type': 'teach.error.materialType',
	'authoring.file_required': 'teach.error.fileRequired',
	'files.too_large': 'teach.error.fileTooLarge',
	'files.empty': 'teach.error.fileEmpty',
	'files.type_not_allowed': 'teach.error.fileType'
};

/**
 * Maps a domain error for an action: hidden or forbidden resources become the 404 or
 * 403 page (nothing was changed), known problems a message for the form; anything else
 * is rethrown (500, logged).
 */
export function failure(cause: unknown): { status: number; key: MessageKey; params: Record<string, string | number> } {
	if (!isAppError(cause)) throw cause;
	const key = messages[cause.code];
	if (key) return { status: cause.status >= 500 ? 400 : cause.status, key, params: { count: Number(cause.details?.courses ?? 0) } };
	if (cause.status === 404) error(404, { message: 'Not found', code: cause.code });
	if (cause.status === 403) error(403, { message: 'Forbidden', code: cause.code });
	throw cause;
}

/** Runs a domain read for a load function: not found and forbidden become error pages. */
export async function loadOr404<T>(work: Promise<T>): Promise<T> {
	try {
		return await work;
	} catch (cause) {
		if (isAppError(cause) && (cause.status === 404 || cause.status === 403)) error(cause.status, { message: cause.status === 404 ? 'Not found' : 'Forbidden', code: cause.code });
		throw cause;
	}
}

/**
 * Stores the file chosen in `field`, if any, after checking its real content type is one
 * of `accept` (so a refused file is never written). Returns the new file id or null.
 */
export async function upload(input: { form: FormData; field: string; accept: readonly string[]; refuse: string; services: Services; userId: string }) {
	const entry = input.form.get(input.field);
	if (!entry || typeof entry === 'string' || entry.size === 0) return null;
	const bytes = new Uint8Array(await entry.arrayBuffer());
	const detected = detectContentType(bytes, entry.name);
	if (!detected || !input.accept.includes(detected)) {
		throw Object.assign(new Error(input.refuse), { code: input.refuse, status: 415 });
	}
	const row = await input.services.files.storeFile({ bytes, originalName: entry.name, uploadedBy: input.userId });
	return row.id;
}

/**
 * The save and preview actions of the activity form (new and edit pages). Access is
 * checked before the form is read, so another trainer's course answers 404 whatever it holds.
 */
export async function activityAction(
	event: RequestEvent & { params: { id: string } },
	target: { sectionId: string } | { activityId: string },
	mode: 'save' | 'preview'
) {
	const { managedCourse, activitySchema, parseForm, formValues, renderPreview, addActivity, updateActivity, MATERIAL_TYPES } = await import('../authoring/index');
	const actor = requireAuthor(event);
	const services = event.locals.services;
	await loadOr404(managedCourse(services.db, actor, event.params.id));
	const form = await event.request.formData();
	const values = formValues(form);
	if (mode === 'preview') return { values, preview: renderPreview(values.bodyMd ?? '', event.locals.locale) };
	const parsed = parseForm(activitySchema, form);
	if (!parsed.ok) return { failed: 400, values, errors: parsed.errors, formError: 'teach.error.form' as MessageKey };
	try {
		const fileId = await upload({ form, field: 'file', accept: MATERIAL_TYPES, refuse: 'authoring.material_type', services, userId: actor.id });
		const deps = {
			db: services.db,
			clock: services.clock,
			notify: { db: services.db, clock: services.clock, mail: services.mail, origin: services.config.origin }
		};
		if ('sectionId' in target) await addActivity(deps, { actor, courseId: event.params.id, sectionId: target.sectionId, activity: parsed.data, fileId });
		else await updateActivity(deps, { actor, courseId: event.params.id, activityId: target.activityId, activity: parsed.data, fileId });
	} catch (cause) {
		const { status, key } = failure(cause);
		const field = key === 'teach.error.fileRequired' || key.startsWith('teach.error.file') || key === 'teach.error.materialType' ? 'file' : null;
		return { failed: status, values, errors: (field ? { [field]: key } : {}) as Record<string, string>, formError: (field ? 'teach.error.form' : key) as MessageKey };
	}
	return null;
}
