import type { Db, DbOrTx } from '../db/client';
import { translate, type Locale } from '../../i18n/index';
import { appendAudit } from '../admin/admin.repository';
import { courseCapabilities, courseRelation, type CourseAccessSubject } from '../courses/courses.permissions';
import { renderMarkdown } from '../platform/markdown';
import { notify, type NotifyDeps } from '../notifications/notifications.service';
import * as repo from './discussions.repository';
import { discussionNotFound, editWindowClosed, invalidBody, invalidReason, postForbidden, postRemoved } from './discussions.errors';
import { moderationReason, postBody } from './discussions.schemas';
import type { PostView } from '../../types/discussions';

/** How long authors may edit their own post after publishing it. */
export const EDIT_WINDOW_MS = 30 * 60_000;
/** How much of a post an email or in-app notification quotes. */
const EXCERPT_CHARS = 500;

export type DiscussionDeps = NotifyDeps;
type Viewer = CourseAccessSubject | null;

const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text);
const fullName = (row: { givenName: string | null; familyName: string | null }) => [row.givenName, row.familyName].filter(Boolean).join(' ') || null;

/** Where a post is read: the course discussion or one lesson's. */
export const discussionUrl = (course: { slug: string }, activityId: string | null) =>
	`/courses/${encodeURIComponent(course.slug)}/discussion${activityId ? `/${activityId}` : ''}`;

function parseBody(body: string) {
	const parsed = postBody.safeParse(body);
	if (!parsed.success) throw invalidBody();
	return parsed.data;
}

/** The course and what this person may do in it; a course they may not see at all is "not found". */
async function courseAccess(db: DbOrTx, user: Viewer, course: repo.CourseRef | undefined) {
	if (!course) throw discussionNotFound();
	const caps = courseCapabilities({ relation: await courseRelation(db, user, course.id), visibility: course.visibility, status: course.status });
	if (!caps.see) throw discussionNotFound();
	return caps;
}

/** A lesson discussion exists only when the trainer turned it on. */
async function discussionActivity(db: DbOrTx, courseId: string, activityId: string | null) {
	if (!activityId) return null;
	const activity = await repo.findActivity(db, courseId, activityId);
	if (!activity || !activity.discussionEnabled) throw discussionNotFound();
	return activity;
}

export type { PostView };

function toView(row: Awaited<ReturnType<typeof repo.listThread>>[number], user: Viewer, now: Date, moderate: boolean): PostView {
	const { post } = row;
	const removed = post.removedAt !== null;
	const canEdit = !removed && !!user && post.authorId === user.id && now.getTime() - post.createdAt.getTime() <= EDIT_WINDOW_MS;
	const canModerate = moderate && !removed;
	return {
		id: post.id,
		authorId: post.authorId,
		authorName: post.authorId ? fullName(row) : null,
		createdAt: post.createdAt.toISOString(),
		editedAt: post.editedAt?.toISOString() ?? null,
		moderated: post.moderatedAt !== null,
		removed,
		html: removed ? '' : renderMarkdown(post.bodyMd),
		source: canEdit || canModerate ? post.bodyMd : null,
		canEdit,
		canModerate
	};
}

/**
 * A discussion as one person may see it: threads (posts with their replies) when they may
 * read the course's content, and what they may do. Anonymous visitors read public courses.
 */
export async function getDiscussion(deps: Pick<DiscussionDeps, 'db' | 'clock'>, input: { user: Viewer; courseSlug: string; activityId: string | null }) {
	const course = await repo.findCourseBySlug(deps.db, input.courseSlug);
	const caps = await courseAccess(deps.db, input.user, course);
	const activity = await discussionActivity(deps.db, course!.id, input.activityId);
	const base = { course: course!, activity, canRead: caps.readContent, canPost: caps.participate, canModerate: caps.moderate };
	if (!caps.readContent) return { ...base, threads: [], announcements: [] };
	const now = deps.clock.now();
	const rows = await repo.listThread(deps.db, course!.id, activity?.id ?? null);
	const views = rows.map((row) => ({ parentId: row.post.parentId, view: toView(row, input.user, now, caps.moderate) }));
	const threads = views.filter((v) => !v.parentId).map((v) => ({ ...v.view, replies: views.filter((r) => r.parentId === v.view.id).map((r) => r.view) }));
	const announcements = activity ? [] : (await repo.listAnnouncements(deps.db, course!.id, 20)).map((row) => toView(row, input.user, now, false));
	return { ...base, threads, announcements };
}

/**
 * Posts in a course or lesson discussion, or replies to a post (a reply to a reply joins
 * the same thread: one level of nesting). Only participants and managers may post. The
 * author of the post replied to is notified, unless they reply to themself.
 */
export async function createPost(
	deps: DiscussionDeps,
	input: { user: CourseAccessSubject; courseId: string; activityId: string | null; parentId: string | null; body: string }
) {
	const body = parseBody(input.body);
	return deps.db.transaction(async (tx) => {
		const course = await repo.findCourseById(tx, input.courseId);
		const caps = await courseAccess(tx, input.user, course);
		if (!caps.participate) throw postForbidden();
		const activity = await discussionActivity(tx, course!.id, input.activityId);
		const parent = input.parentId ? await repo.findPost(tx, input.parentId) : null;
		if (input.parentId) {
			if (!parent || parent.courseId !== course!.id || parent.activityId !== (activity?.id ?? null) || parent.kind !== 'post') throw discussionNotFound();
			if (parent.removedAt) throw postRemoved();
		}
		const post = await repo.insertPost(tx, {
			courseId: course!.id,
			activityId: activity?.id ?? null,
			parentId: parent ? (parent.parentId ?? parent.id) : null,
			authorId: input.user.id,
			kind: 'post',
			bodyMd: body,
			createdAt: deps.clock.now()
		});
		if (parent?.authorId) {
			const me = await repo.findName(tx, input.user.id);
			await notify(deps, tx, {
				userIds: [parent.authorId],
				exclude: input.user.id,
				kind: 'post_reply',
				url: `${discussionUrl(course!, post.activityId)}#post-${post.id}`,
				text: (locale: Locale) => ({
					title: translate(locale, 'notifications.text.reply', { name: (me && fullName(me)) || translate(locale, 'notifications.text.someone'), course: course!.title }),
					body: excerpt(body)
				})
			});
		}
		return post;
	});
}

/** Authors edit their own post within EDIT_WINDOW_MS of publishing it, while they may still post. */
export async function editOwnPost(deps: Pick<DiscussionDeps, 'db' | 'clock'>, input: { user: CourseAccessSubject; postId: string; body: string }) {
	const body = parseBody(input.body);
	return deps.db.transaction(async (tx) => {
		const post = await repo.findPost(tx, input.postId);
		if (!post) throw discussionNotFound();
		const caps = await courseAccess(tx, input.user, await repo.findCourseById(tx, post.courseId));
		if (!caps.readContent) throw discussionNotFound();
		if (post.authorId !== input.user.id || !caps.participate) throw postForbidden();
		if (post.removedAt) throw postRemoved();
		const now = deps.clock.now();
		if (now.getTime() - post.createdAt.getTime() > EDIT_WINDOW_MS) throw editWindowClosed();
		return repo.updatePost(tx, post.id, { bodyMd: body, editedAt: now });
	});
}

/**
 * A manager of the course edits or removes a post, giving a reason. The change, an audit
 * entry and the author's notification (with the reason) are one transaction. Replies of a
 * removed post stay.
 */
export async function moderatePost(
	deps: DiscussionDeps,
	input: { user: CourseAccessSubject; postId: string; action: 'edit' | 'remove'; reason: string; body?: string }
) {
	const reason = moderationReason.safeParse(input.reason);
	if (!reason.success) throw invalidReason();
	const body = input.action === 'edit' ? parseBody(input.body ?? '') : null;
	return deps.db.transaction(async (tx) => {
		const post = await repo.findPost(tx, input.postId);
		if (!post) throw discussionNotFound();
		const course = await repo.findCourseById(tx, post.courseId);
		const caps = await courseAccess(tx, input.user, course);
		if (!caps.moderate) throw caps.readContent ? postForbidden() : discussionNotFound();
		if (post.removedAt) throw postRemoved();
		const now = deps.clock.now();
		const changes = body === null ? { removedAt: now } : { bodyMd: body, editedAt: now };
		const updated = await repo.updatePost(tx, post.id, { ...changes, moderatedAt: now, moderatedBy: input.user.id, moderationReason: reason.data });
		await appendAudit(tx, {
			at: now,
			actorId: input.user.id,
			action: body === null ? 'discussions.post_removed' : 'discussions.post_edited',
			targetType: 'post',
			targetId: post.id,
			reason: reason.data,
			details: { courseId: post.courseId, activityId: post.activityId, authorId: post.authorId, previousBody: post.bodyMd }
		});
		if (post.authorId) {
			await notify(deps, tx, {
				userIds: [post.authorId],
				exclude: input.user.id,
				kind: 'post_moderated',
				url: `${discussionUrl(course!, post.activityId)}#post-${post.id}`,
				text: (locale: Locale) => ({
					title: translate(locale, body === null ? 'notifications.text.postRemoved' : 'notifications.text.postEdited', { course: course!.title }),
					body: translate(locale, 'notifications.text.reason', { reason: reason.data })
				})
			});
		}
		return updated;
	});
}

/** A manager's announcement to the enrolled participants: the post and each one's notification in one transaction. */
export async function postAnnouncement(deps: DiscussionDeps, input: { user: CourseAccessSubject; courseId: string; body: string }) {
	const body = parseBody(input.body);
	return deps.db.transaction(async (tx) => {
		const course = await repo.findCourseById(tx, input.courseId);
		const caps = await courseAccess(tx, input.user, course);
		if (!caps.moderate) throw caps.readContent ? postForbidden() : discussionNotFound();
		const post = await repo.insertPost(tx, { courseId: course!.id, authorId: input.user.id, kind: 'announcement', bodyMd: body, createdAt: deps.clock.now() });
		await notify(deps, tx, {
			userIds: await repo.enrolledUserIds(tx, course!.id),
			exclude: input.user.id,
			kind: 'announcement',
			url: `${discussionUrl(course!, null)}#post-${post.id}`,
			text: (locale: Locale) => ({ title: translate(locale, 'notifications.text.announcement', { course: course!.title }), body: excerpt(body) })
		});
		return post;
	});
}

/** For the trainers' announcement page: the course (by id) and its latest announcements, managers only. */
export async function getAnnouncements(deps: Pick<DiscussionDeps, 'db' | 'clock'>, input: { user: CourseAccessSubject; courseId: string }) {
	const course = await repo.findCourseById(deps.db, input.courseId);
	if (!course) throw discussionNotFound();
	const caps = courseCapabilities({ relation: await courseRelation(deps.db, input.user, course.id), visibility: course.visibility, status: course.status });
	if (!caps.moderate) throw discussionNotFound();
	const now = deps.clock.now();
	return { course, announcements: (await repo.listAnnouncements(deps.db, course.id, 50)).map((row) => toView(row, input.user, now, false)) };
}

export const findCourseBySlug = (deps: { db: Db }, slug: string) => repo.findCourseBySlug(deps.db, slug);
