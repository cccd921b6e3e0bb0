import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { MessageKey } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { EDIT_WINDOW_MS, createPost, editOwnPost, getDiscussion, moderatePost, findCourseBySlug, type DiscussionDeps } from '$lib/server/discussions';
import { moderationReason, postBody } from '$lib/server/discussions/discussions.schemas';

/**
 * The course discussion and each lesson's discussion share one loader and one set of
 * actions; the pages differ only in the activity id taken from the URL.
 */
type Event = RequestEvent<{ slug: string; activityId?: string }>;
type Field = 'body' | 'reason' | 'confirm';
export type DiscussionFailure = {
	action: 'post' | 'reply' | 'edit' | 'moderate';
	postId: string | null;
	body: string;
	reason: string;
	errors: Partial<Record<Field, MessageKey>>;
	formError: MessageKey | null;
};

const notFound = () => error(404, { message: 'Not found', code: 'discussions.not_found' });

function activityIdOf(event: Event): string | null {
	const id = event.params.activityId;
	if (id === undefined) return null;
	if (!z.guid().safeParse(id).success) notFound();
	return id!;
}

function deps(event: Event): DiscussionDeps {
	const { db, clock, mail, config } = event.locals.services;
	return { db, clock, mail, origin: config.origin };
}

/** Coded domain errors become HTTP errors (hidden: 404) or a message next to the form. */
async function mapped<T>(work: Promise<T>, failure: Omit<DiscussionFailure, 'errors' | 'formError'>) {
	try {
		return await work;
	} catch (cause) {
		if (!isAppError(cause)) throw cause;
		const formError: Record<string, MessageKey> = {
			'discussions.edit_window_closed': 'discussions.error.editWindowClosed',
			'discussions.post_removed': 'discussions.error.postRemoved'
		};
		if (formError[cause.code]) return fail(409, { ...failure, errors: {}, formError: formError[cause.code] });
		if (cause.code === 'discussions.invalid_body') return fail(400, { ...failure, errors: { body: 'discussions.bodyInvalid' as MessageKey }, formError: null });
		if (cause.code === 'discussions.invalid_reason') return fail(400, { ...failure, errors: { reason: 'discussions.reasonInvalid' as MessageKey }, formError: null });
		if (cause.status < 500) error(cause.status, { message: cause.message, code: cause.code });
		throw cause;
	}
}

export async function loadDiscussion(event: Event) {
	const user = event.locals.user;
	try {
		const view = await getDiscussion(deps(event), { user, courseSlug: event.params.slug, activityId: activityIdOf(event) });
		return { ...view, signedIn: !!user, returnTo: event.url.pathname, editMinutes: EDIT_WINDOW_MS / 60_000 };
	} catch (cause) {
		if (isAppError(cause) && cause.status < 500) error(cause.status, { message: cause.message, code: cause.code });
		throw cause;
	}
}

async function formOf(event: Event) {
	const form = await event.request.formData();
	const text = (name: string, max: number) => String(form.get(name) ?? '').slice(0, max);
	return { body: text('body', 20_000), reason: text('reason', 2_000), postId: text('postId', 100) || null, parentId: text('parentId', 100) || null, form };
}

const guidOrNull = (value: string | null) => (value && z.guid().safeParse(value).success ? value : null);

/** The signed-in person; a visitor goes to sign in and comes back to the page (not to the action's URL). */
function requireUser(event: Event) {
	if (!event.locals.user) redirect(303, `/auth/login?returnTo=${encodeURIComponent(event.url.pathname)}`);
	return event.locals.user!;
}

/** The course of the URL for a write; a visitor gets the sign-in redirect first. */
async function courseFor(event: Event) {
	const user = requireUser(event);
	const course = await findCourseBySlug(event.locals.services, event.params.slug);
	if (!course) notFound();
	return { user, course: course! };
}

export const discussionActions = {
	post: async (event: Event) => {
		const { user, course } = await courseFor(event);
		const { body, parentId } = await formOf(event);
		const action = parentId ? ('reply' as const) : ('post' as const);
		const failure = { action, postId: parentId, body, reason: '' };
		if (parentId && !guidOrNull(parentId)) notFound();
		if (!postBody.safeParse(body).success) return fail(400, { ...failure, errors: { body: 'discussions.bodyInvalid' as MessageKey }, formError: null });
		const result = await mapped(createPost(deps(event), { user, courseId: course.id, activityId: activityIdOf(event), parentId, body }), failure);
		return 'id' in result ? { done: `discussions.done.${action}` as MessageKey, postId: result.id } : result;
	},
	edit: async (event: Event) => {
		const user = requireUser(event);
		const { body, postId } = await formOf(event);
		if (!guidOrNull(postId)) notFound();
		const failure = { action: 'edit' as const, postId, body, reason: '' };
		const result = await mapped(editOwnPost(deps(event), { user, postId: postId!, body }), failure);
		return 'id' in result ? { done: 'discussions.done.edit' as MessageKey, postId } : result;
	},
	moderate: async (event: Event) => {
		const user = requireUser(event);
		const { body, reason, postId, form } = await formOf(event);
		if (!guidOrNull(postId)) notFound();
		const action = form.get('moderation') === 'edit' ? 'edit' : 'remove';
		const failure = { action: 'moderate' as const, postId, body, reason };
		const errors: DiscussionFailure['errors'] = {};
		if (!moderationReason.safeParse(reason).success) errors.reason = 'discussions.reasonInvalid';
		if (action === 'edit' && !postBody.safeParse(body).success) errors.body = 'discussions.bodyInvalid';
		if (form.get('confirm') !== 'yes') errors.confirm = 'discussions.confirmRequired';
		if (Object.keys(errors).length) return fail(400, { ...failure, errors, formError: null });
		const result = await mapped(moderatePost(deps(event), { user, postId: postId!, action, reason, body }), failure);
		return 'id' in result ? { done: 'discussions.done.moderate' as MessageKey, postId } : result;
	}
};

