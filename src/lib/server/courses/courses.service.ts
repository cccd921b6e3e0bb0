import type { Db, DbOrTx } from '../db/client';
import type { Clock } from '../platform/clock';
import { renderMarkdown } from '../platform/markdown';
import { hashSecret, verifySecret } from '../platform/secrets';
import type { Locale } from '../../i18n/index';
import { courseCapabilities, courseRelation, type CourseAccessSubject, type CourseRelation } from './courses.permissions';
import * as repo from './courses.repository';
import type { ActivityRow, CourseRow } from './courses.repository';
import { courseNotFound, enrolmentClosed, enrolmentKeyInvalid, managerCannotEnrol, notEnrolled } from './courses.errors';
import type { Visibility } from './courses.tables';

export type Capabilities = ReturnType<typeof courseCapabilities>;
type Deps = { db: Db; clock: Clock };

// ---------------------------------------------------------------- enrolment keys

/** The stored form of an enrolment key (the key itself is never stored). */
export const hashEnrolmentKey = (key: string) => hashSecret(key);

/** True when `key` matches the course's stored key hash. */
export const verifyEnrolmentKey = (input: { stored: string | null | undefined; key: string }) =>
	verifySecret({ stored: input.stored, candidate: input.key });

// ---------------------------------------------------------------- access

/** The course as this person may see it: the row, their relation and capabilities. Drafts and unknown slugs: not found. */
async function accessCourse(db: DbOrTx, user: CourseAccessSubject | null, course: CourseRow | undefined) {
	if (!course) throw courseNotFound();
	const relation = await courseRelation(db, user, course.id);
	const caps = courseCapabilities({ relation, visibility: course.visibility, status: course.status });
	if (!caps.see) throw courseNotFound();
	return { course, relation, caps };
}

/** Enrolment state shown on the course page. */
export function enrolmentState(course: CourseRow, now: Date) {
	const opensAt = course.enrolmentOpensAt;
	const closesAt = course.enrolmentClosesAt;
	const open = course.selfEnrolment && (!opensAt || opensAt <= now) && (!closesAt || now < closesAt);
	const upcoming = course.selfEnrolment && Boolean(opensAt && now < opensAt);
	return { open, upcoming, selfEnrolment: course.selfEnrolment, keyRequired: Boolean(course.enrolmentKeyHash), opensAt, closesAt };
}

export interface Progress {
	done: number;
	required: number;
	/** 0–100, rounded down so 100 means everything required is done. */
	percent: number;
}

/** Share of required activities completed. A course with nothing required is at 0 of 0 (0%). */
export function computeProgress(activities: Pick<ActivityRow, 'id' | 'required'>[], completed: Set<string>): Progress {
	const required = activities.filter((a) => a.required);
	const done = required.filter((a) => completed.has(a.id)).length;
	return { done, required: required.length, percent: required.length === 0 ? 0 : Math.floor((done / required.length) * 100) };
}

// ---------------------------------------------------------------- catalogue

export const CATALOGUE_PAGE_SIZE = 12;
const catalogueVisibilities: readonly Visibility[] = ['public', 'outline', 'private'];

/**
 * The catalogue: published courses (public, outline and private: a private course shows
 * its description with a call to sign in and enrol), searched in title, summary and
 * keywords ignoring case and Polish diacritics, filtered by category slug, 12 a page.
 */
export async function listCatalogue(deps: { db: Db }, input: { search?: string; category?: string; page?: number; pageSize?: number; onlyOpen?: boolean }) {
	const pageSize = input.pageSize ?? CATALOGUE_PAGE_SIZE;
	const pageNo = Math.max(1, Math.min(10_000, Math.floor(input.page ?? 1)));
	const categories = await repo.listCategories(deps.db);
	const category = input.category ? categories.find((c) => c.slug === input.category) : undefined;
	if (input.category && !category) return { items: [], hasNext: false, pageNo, categories, category: null };
	const rows = await repo.listPublishedCourses(deps.db, {
		search: input.search?.slice(0, 100),
		categoryId: category?.id,
		visibilities: input.onlyOpen ? ['public', 'outline'] : catalogueVisibilities,
		limit: pageSize + 1,
		offset: (pageNo - 1) * pageSize
	});
	return { items: rows.slice(0, pageSize), hasNext: rows.length > pageSize, pageNo, categories, category: category ?? null };
}

// ---------------------------------------------------------------- course page

/**
 * A course page for this person: description always (when published), the outline and
 * their completion when `seeOutline`, enrolment state and progress. Opening it records
 * access for an enrolled participant. Unknown or draft: `courses.not_found`.
 */
export async function getCourse(deps: Deps, input: { slug: string; user: CourseAccessSubject | null }) {
	const { course, relation, caps } = await accessCourse(deps.db, input.user, await repo.findCourseBySlug(deps.db, input.slug));
	const now = deps.clock.now();
	const category = course.categoryId ? await repo.findCategoryById(deps.db, course.categoryId) : undefined;
	const all = await repo.listActivitiesInOrder(deps.db, [course.id]);
	const completed = input.user && relation === 'participant' ? await repo.listCompletedActivityIds(deps.db, input.user.id, [course.id]) : new Set<string>();
	const sections = caps.seeOutline
		? (await repo.listSections(deps.db, course.id)).map((section) => ({
				...section,
				activities: all.filter((a) => a.sectionId === section.id).map((a) => ({ ...a, done: completed.has(a.id) }))
			}))
		: null;
	let access = null;
	if (input.user && relation === 'participant') {
		await repo.touchAccess(deps.db, { courseId: course.id, userId: input.user.id, at: now });
		access = (await repo.findAccess(deps.db, course.id, input.user.id)) ?? null;
	}
	return {
		course,
		category: category ?? null,
		relation,
		caps,
		sections,
		summaryHtml: renderMarkdown(course.summary),
		enrolment: enrolmentState(course, now),
		progress: relation === 'participant' ? computeProgress(all, completed) : null,
		continueActivityId: relation === 'participant' ? continueWith(all, completed, access?.lastActivityId ?? null) : null
	};
}

/** Where to continue: the first required activity not done, else the last one opened, else the first. */
function continueWith(ordered: ActivityRow[], completed: Set<string>, lastActivityId: string | null): string | null {
	const next = ordered.find((a) => a.required && !completed.has(a.id)) ?? ordered.find((a) => !completed.has(a.id));
	if (next) return next.id;
	return ordered.find((a) => a.id === lastActivityId)?.id ?? ordered[0]?.id ?? null;
}

// ---------------------------------------------------------------- activities

/**
 * One activity for reading. Not found unless the course is visible and its content
 * readable by this person (a private course's lessons stay hidden from anyone not
 * enrolled, whatever the URL). For an enrolled participant, opening it records access
 * and completes an activity whose completion is "on view".
 */
export async function readActivity(deps: Deps, input: { slug: string; activityId: string; user: CourseAccessSubject | null; locale?: Locale }) {
	const { course, relation, caps } = await accessCourse(deps.db, input.user, await repo.findCourseBySlug(deps.db, input.slug));
	if (!caps.readContent) throw courseNotFound();
	const ordered = await repo.listActivitiesInOrder(deps.db, [course.id]);
	const index = ordered.findIndex((a) => a.id === input.activityId);
	if (index < 0) throw courseNotFound();
	const activity = ordered[index];
	const section = (await repo.listSections(deps.db, course.id)).find((s) => s.id === activity.sectionId)!;
	const participant = input.user && relation === 'participant' ? input.user : null;
	if (participant) {
		const now = deps.clock.now();
		await deps.db.transaction(async (tx) => {
			await repo.touchAccess(tx, { courseId: course.id, userId: participant.id, at: now, activityId: activity.id });
			if (activity.completion === 'view') {
				await repo.insertCompletion(tx, { activityId: activity.id, userId: participant.id, courseId: course.id, completedAt: now });
			}
		});
	}
	const completed = participant ? await repo.listCompletedActivityIds(deps.db, participant.id, [course.id]) : new Set<string>();
	return {
		course,
		section,
		relation,
		caps,
		activity,
		bodyHtml: activity.type === 'lesson' ? renderMarkdown(activity.bodyMd, { videos: { locale: input.locale ?? 'pl' } }) : '',
		descriptionHtml: renderMarkdown(activity.description),
		done: completed.has(activity.id),
		progress: participant ? computeProgress(ordered, completed) : null,
		previous: index > 0 ? { id: ordered[index - 1].id, title: ordered[index - 1].title } : null,
		next: index < ordered.length - 1 ? { id: ordered[index + 1].id, title: ordered[index + 1].title } : null
	};
}

/**
 * Marks an activity done (or not done) for an enrolled participant. Idempotent.
 * Not readable: `courses.not_found`; readable but not enrolled: `courses.not_enrolled`.
 */
export async function setActivityDone(deps: Deps, input: { activityId: string; user: CourseAccessSubject; done: boolean }) {
	return deps.db.transaction(async (tx) => {
		const activity = await repo.findActivityById(tx, input.activityId);
		if (!activity) throw courseNotFound();
		const { course, relation, caps } = await accessCourse(tx, input.user, await repo.findCourseById(tx, activity.courseId));
		if (!caps.readContent) throw courseNotFound();
		if (relation !== 'participant' || !caps.participate) throw notEnrolled();
		const now = deps.clock.now();
		if (input.done) await repo.insertCompletion(tx, { activityId: activity.id, userId: input.user.id, courseId: course.id, completedAt: now });
		else await repo.deleteCompletion(tx, activity.id, input.user.id);
		await repo.touchAccess(tx, { courseId: course.id, userId: input.user.id, at: now, activityId: activity.id });
		const completed = await repo.listCompletedActivityIds(tx, input.user.id, [course.id]);
		return { done: input.done, progress: computeProgress(await repo.listActivitiesInOrder(tx, [course.id]), completed) };
	});
}

// ---------------------------------------------------------------- enrolment

/**
 * Self-enrolment: the course must be published, self-enrolment on, today inside the
 * window, and the key right when one is set. Enrolling twice is harmless.
 */
export async function enrol(deps: Deps, input: { slug: string; user: CourseAccessSubject; key?: string }): Promise<{ courseId: string; relation: CourseRelation }> {
	const found = await repo.findCourseBySlug(deps.db, input.slug);
	const { course, relation } = await accessCourse(deps.db, input.user, found);
	if (relation === 'manager') throw managerCannotEnrol();
	if (relation === 'participant') return { courseId: course.id, relation };
	const now = deps.clock.now();
	const state = enrolmentState(course, now);
	if (!state.open) {
		throw enrolmentClosed({ opensAt: state.opensAt?.toISOString() ?? null, closesAt: state.closesAt?.toISOString() ?? null, selfEnrolment: state.selfEnrolment });
	}
	if (course.enrolmentKeyHash && !(await verifyEnrolmentKey({ stored: course.enrolmentKeyHash, key: input.key ?? '' }))) throw enrolmentKeyInvalid();
	await deps.db.transaction(async (tx) => {
		// Re-read inside the transaction: the trainer may have closed enrolment meanwhile.
		const current = await repo.findCourseById(tx, course.id);
		if (!current || current.status !== 'published') throw courseNotFound();
		if (!enrolmentState(current, now).open) throw enrolmentClosed({ opensAt: null, closesAt: null, selfEnrolment: current.selfEnrolment });
		await repo.insertEnrolment(tx, { courseId: course.id, userId: input.user.id, enrolledAt: now });
		await repo.touchAccess(tx, { courseId: course.id, userId: input.user.id, at: now });
	});
	return { courseId: course.id, relation: 'participant' };
}

/**
 * Leaves a course. Completions and access dates stay (re-enrolling resumes; the privacy
 * export and erasure cover them). Leaving a course one is not in changes nothing.
 */
export async function leave(deps: Deps, input: { slug: string; user: CourseAccessSubject }) {
	await deps.db.transaction(async (tx) => {
		const { course } = await accessCourse(tx, input.user, await repo.findCourseBySlug(tx, input.slug));
		await repo.deleteEnrolment(tx, course.id, input.user.id);
	});
}

// ---------------------------------------------------------------- my courses

/** The person's enrolled, published courses with progress, last access and where to continue. */
export async function listMyCourses(deps: { db: Db }, input: { userId: string }) {
	const rows = await repo.listEnrolledCourses(deps.db, input.userId);
	const ids = rows.map((r) => r.course.id);
	const all = await repo.listActivitiesInOrder(deps.db, ids);
	const completed = await repo.listCompletedActivityIds(deps.db, input.userId, ids);
	return rows.map(({ course, enrolledAt, access }) => {
		const ordered = all.filter((a) => a.courseId === course.id);
		return {
			id: course.id,
			slug: course.slug,
			title: course.title,
			summary: course.summary,
			enrolledAt,
			firstAccessAt: access?.firstAccessAt ?? null,
			lastAccessAt: access?.lastAccessAt ?? null,
			progress: computeProgress(ordered, completed),
			continueActivityId: continueWith(ordered, completed, access?.lastActivityId ?? null)
		};
	});
}

// ---------------------------------------------------------------- files

/**
 * Whether this person may download a stored file: a course material readable to them
 * (readContent), a cover of a course they can see, or their own upload not yet attached
 * (a trainer's preview). Anything else answers `courses.not_found`.
 */
export async function authoriseFileRead(deps: { db: Db }, input: { fileId: string; uploadedBy: string | null; user: CourseAccessSubject | null }) {
	const uses = await repo.listFileUses(deps.db, input.fileId);
	for (const use of uses) {
		const relation = await courseRelation(deps.db, input.user, use.courseId);
		const caps = courseCapabilities({ relation, visibility: use.visibility, status: use.status });
		if (use.kind === 'material' ? caps.readContent : caps.seeDescription) return;
	}
	if (input.user && (input.user.id === input.uploadedBy || input.user.roles.includes('admin'))) return;
	throw courseNotFound();
}
