import type { Db, DbOrTx } from '../db/client';
import { createQuizRow } from '../quiz/quiz.defaults';
import { createSurveyRow } from '../surveys/surveys.defaults';
import type { Clock } from '../platform/clock';
import type { Role } from '../users/users.tables';
import { hasCapability } from '../users/users.permissions';
import { listRoles } from '../users/users.repository';
import { appendAudit } from '../admin/admin.repository';
import { courseRelation } from '../courses/courses.permissions';
import { hashEnrolmentKey } from '../courses/courses.service';
import { notifyCourseContent, type NotifyDeps } from '../notifications/notifications.service';
import { renderMarkdown } from '../platform/markdown';
import type { Locale } from '../../i18n/index';
import * as repo from './authoring.repository';
import * as errors from './authoring.errors';
import type { ActivityInput, CourseSettingsInput, ReorderInput, SectionInput } from './authoring.schemas';

const polish: Record<string, string> = { ą: 'a', ć: 'c', ę: 'e', ł: 'l', ń: 'n', ó: 'o', ś: 's', ź: 'z', ż: 'z' };

/** A URL slug: Polish letters transliterated (ł → l), other accents dropped, words joined with '-'. */
export function slugify(title: string, fallback = 'kurs'): string {
	const slug = title
		.toLowerCase()
		.replace(/[ąćęłńóśźż]/g, (c) => polish[c])
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 80)
		.replace(/-+$/, '');
	return slug || fallback;
}

/** The first of base, base-2, base-3 … not in `taken`. */
export function firstFreeSlug(base: string, taken: string[]): string {
	const used = new Set(taken);
	if (!used.has(base)) return base;
	for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Start of a calendar day in Poland (the platform's time zone), as an instant. */
export function warsawDayStart(day: string): Date {
	const utc = new Date(`${day}T00:00:00Z`);
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(utc);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - utc.getTime();
	return new Date(utc.getTime() - offset);
}

/** The calendar day (YYYY-MM-DD) of an instant in Poland. */
export function warsawDay(at: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export interface Actor {
	id: string;
	roles: readonly Role[];
}
export interface Deps {
	db: Db;
	clock: Clock;
	/** When given, enrolled participants are notified of content added to a published course. */
	notify?: NotifyDeps;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The course `courseId` if `actor` manages it (admin, owner or co-trainer). Anyone else,
 * and any unknown or malformed id, gets authoring.not_found: the course stays hidden.
 */
export async function managedCourse(db: DbOrTx, actor: Actor, courseId: string) {
	if (!hasCapability(actor.roles, 'courses:author')) throw errors.authoringForbidden();
	if (!UUID.test(courseId)) throw errors.courseNotFound();
	if ((await courseRelation(db, actor, courseId)) !== 'manager') throw errors.courseNotFound();
	const course = await repo.findCourse(db, courseId);
	if (!course) throw errors.courseNotFound();
	return course;
}

/** Creates a draft course; its creator becomes its owner. */
export async function createCourse(deps: Deps, input: { actor: Actor; title: string }) {
	if (!hasCapability(input.actor.roles, 'courses:author')) throw errors.authoringForbidden();
	const now = deps.clock.now();
	return deps.db.transaction(async (tx) => {
		const base = slugify(input.title);
		const slug = firstFreeSlug(base, await repo.slugsStartingWith(tx, base));
		const course = await repo.insertCourse(tx, { title: input.title, slug, createdBy: input.actor.id, createdAt: now, updatedAt: now });
		await repo.insertTrainer(tx, { courseId: course.id, userId: input.actor.id, role: 'owner', addedAt: now });
		return course;
	});
}

/** Courses the person trains; for an admin every course. */
export async function listMyCourses(deps: { db: Db }, input: { actor: Actor }) {
	if (!hasCapability(input.actor.roles, 'courses:author')) throw errors.authoringForbidden();
	if (input.actor.roles.includes('admin')) {
		const own = new Map((await repo.listCoursesOfTrainer(deps.db, input.actor.id)).map((c) => [c.id, c.role]));
		return (await repo.listAllCourses(deps.db)).map((c) => ({ ...c, role: own.get(c.id) ?? null }));
	}
	return repo.listCoursesOfTrainer(deps.db, input.actor.id);
}

/** Everything the editing page shows: settings, sections with their activities, trainers. */
export async function getCourseForEditing(deps: { db: Db }, input: { actor: Actor; courseId: string }) {
	const course = await managedCourse(deps.db, input.actor, input.courseId);
	const [sections, activities, trainers] = await Promise.all([
		repo.listSections(deps.db, course.id),
		repo.listActivities(deps.db, course.id),
		repo.listTrainers(deps.db, course.id)
	]);
	const fileIds = [...activities.map((a) => a.fileId), course.coverFileId].filter((id): id is string => !!id);
	const fileRows = new Map((await repo.filesByIds(deps.db, fileIds)).map((f) => [f.id, f]));
	const isOwner = trainers.some((t) => t.userId === input.actor.id && t.role === 'owner');
	return {
		course: {
			...course,
			hasEnrolmentKey: course.enrolmentKeyHash !== null,
			enrolmentOpensDay: course.enrolmentOpensAt ? warsawDay(course.enrolmentOpensAt) : null,
			enrolmentClosesDay: course.enrolmentClosesAt ? warsawDay(course.enrolmentClosesAt) : null,
			cover: course.coverFileId ? (fileRows.get(course.coverFileId) ?? null) : null
		},
		sections: sections.map((s) => ({
			...s,
			activities: activities.filter((a) => a.sectionId === s.id).map((a) => ({ ...a, file: a.fileId ? (fileRows.get(a.fileId) ?? null) : null }))
		})),
		trainers,
		canAddTrainer: isOwner || input.actor.roles.includes('admin')
	};
}

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/** PDF and office documents (OOXML, OpenDocument, legacy Office, RTF, plain text). */
export const MATERIAL_TYPES = [
	'application/pdf',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	'application/vnd.oasis.opendocument.text',
	'application/vnd.oasis.opendocument.spreadsheet',
	'application/vnd.oasis.opendocument.presentation',
	'application/msword',
	'application/vnd.ms-excel',
	'application/vnd.ms-powerpoint',
	'application/rtf',
	'text/plain',
	'text/plain; charset=utf-8'
];

async function checkedFile(db: DbOrTx, fileId: string, allowed: string[], refuse: () => Error) {
	const file = await repo.findFile(db, fileId);
	if (!file || !allowed.includes(file.contentType)) throw refuse();
	return file;
}

/** Saves the settings form; a new cover must be an image (checked on its detected type). */
export async function updateCourseSettings(deps: Deps, input: { actor: Actor; courseId: string; settings: CourseSettingsInput; coverFileId?: string | null }) {
	const { settings } = input;
	const keyHash = settings.enrolmentKey ? await hashEnrolmentKey(settings.enrolmentKey) : undefined;
	return deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		if (input.coverFileId) await checkedFile(tx, input.coverFileId, IMAGE_TYPES, errors.coverNotImage);
		if (settings.categoryId && !(await repo.findCategory(tx, settings.categoryId))) throw errors.categoryNotFound();
		return repo.updateCourse(tx, course.id, {
			title: settings.title,
			summary: settings.summary,
			keywords: settings.keywords,
			categoryId: settings.categoryId,
			visibility: settings.visibility,
			selfEnrolment: settings.selfEnrolment,
			enrolmentKeyHash: keyHash ?? (settings.removeKey ? null : course.enrolmentKeyHash),
			enrolmentOpensAt: settings.enrolmentOpensAt ? warsawDayStart(settings.enrolmentOpensAt) : null,
			// The closing day is included: enrolment closes at the end of it.
			enrolmentClosesAt: settings.enrolmentClosesAt ? new Date(warsawDayStart(nextDay(settings.enrolmentClosesAt)).getTime() - 1) : null,
			estimatedHours: settings.estimatedHours === null ? null : settings.estimatedHours.toFixed(1),
			...(input.coverFileId ? { coverFileId: input.coverFileId } : {}),
			updatedAt: deps.clock.now()
		});
	});
}

/** Publishes or withdraws a course (audited). */
export async function setCourseStatus(deps: Deps, input: { actor: Actor; courseId: string; status: 'draft' | 'published' }) {
	return deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		if (course.status === input.status) return course;
		const at = deps.clock.now();
		const updated = await repo.updateCourse(tx, course.id, {
			status: input.status,
			publishedAt: input.status === 'published' ? (course.publishedAt ?? at) : course.publishedAt,
			updatedAt: at
		});
		await appendAudit(tx, {
			at,
			actorId: input.actor.id,
			action: input.status === 'published' ? 'courses.published' : 'courses.unpublished',
			targetType: 'course',
			targetId: course.id
		});
		return updated;
	});
}

/** Adds a co-trainer by email: only the owner or an admin, and only a person holding courses:author. */
export async function addCoTrainer(deps: Deps, input: { actor: Actor; courseId: string; email: string }) {
	return deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		const own = await repo.findTrainer(tx, course.id, input.actor.id);
		if (own?.role !== 'owner' && !input.actor.roles.includes('admin')) throw errors.notCourseOwner();
		const found = await repo.findUsersByEmail(tx, input.email);
		// Addresses are not unique across identity providers: an ambiguous one names nobody.
		if (found.length !== 1) throw errors.trainerUnknown();
		await insertCoTrainer(deps, tx, input.actor, course.id, found[0].id);
	});
}

/** Adds the account `userId` as a co-trainer (an admin choosing a course on the person's admin page). */
export async function addCoTrainerById(deps: Deps, input: { actor: Actor; courseId: string; userId: string }) {
	if (!input.actor.roles.includes('admin')) throw errors.notCourseOwner();
	return deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		await insertCoTrainer(deps, tx, input.actor, course.id, input.userId);
	});
}

async function insertCoTrainer(deps: Deps, tx: DbOrTx, actor: Actor, courseId: string, userId: string) {
	const roles = (await listRoles(tx, userId)).map((r) => r.role);
	if (!hasCapability(roles, 'courses:author')) throw errors.trainerNotAuthor();
	if (await repo.findTrainer(tx, courseId, userId)) throw errors.trainerAlready();
	const at = deps.clock.now();
	await repo.insertTrainer(tx, { courseId, userId, role: 'co_trainer', addedAt: at });
	await appendAudit(tx, { at, actorId: actor.id, action: 'courses.trainer_added', targetType: 'course', targetId: courseId, details: { userId } });
}

/** Moves one item of an ordered list: a step up or down, or to index `to`. Returns the new order. */
export function moveInList<T extends { id: string }>(items: T[], id: string, move: { direction: 'up' | 'down' | null; to: number | null }): T[] {
	const from = items.findIndex((item) => item.id === id);
	if (from < 0) return items;
	const target = move.to !== null ? Math.min(move.to, items.length - 1) : from + (move.direction === 'up' ? -1 : 1);
	if (target < 0 || target >= items.length || target === from) return items;
	const next = [...items];
	const [item] = next.splice(from, 1);
	next.splice(target, 0, item);
	return next;
}

/** Writes positions 0..n-1 in list order, touching only rows whose position changed. */
async function writeDense(items: { id: string; position: number }[], write: (id: string, position: number) => Promise<void>) {
	for (const [index, item] of items.entries()) if (item.position !== index) await write(item.id, index);
}

export async function addSection(deps: Deps, input: { actor: Actor; courseId: string; section: SectionInput }) {
	return deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		await repo.lockCourse(tx, course.id);
		const sections = await repo.listSections(tx, course.id);
		await writeDense(sections, (id, p) => repo.setSectionPosition(tx, id, p));
		await repo.updateCourse(tx, course.id, { updatedAt: deps.clock.now() });
		return repo.insertSection(tx, { courseId: course.id, ...input.section, position: sections.length, createdAt: deps.clock.now() });
	});
}

export async function updateSection(deps: Deps, input: { actor: Actor; courseId: string; sectionId: string; section: SectionInput }) {
	await deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		if (!UUID.test(input.sectionId) || !(await repo.findSection(tx, course.id, input.sectionId))) throw errors.courseNotFound();
		await repo.updateSection(tx, input.sectionId, input.section);
		await repo.updateCourse(tx, course.id, { updatedAt: deps.clock.now() });
	});
}

/** Deletes a section with its activities and closes the gap in the positions. */
export async function deleteSection(deps: Deps, input: { actor: Actor; courseId: string; sectionId: string }) {
	await deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		await repo.lockCourse(tx, course.id);
		if (!UUID.test(input.sectionId) || !(await repo.findSection(tx, course.id, input.sectionId))) throw errors.courseNotFound();
		await repo.deleteSection(tx, input.sectionId);
		await writeDense(await repo.listSections(tx, course.id), (id, p) => repo.setSectionPosition(tx, id, p));
		await repo.updateCourse(tx, course.id, { updatedAt: deps.clock.now() });
	});
}

function activityValues(input: ActivityInput) {
	return {
		type: input.type,
		title: input.title,
		description: input.description,
		bodyMd: input.type === 'lesson' ? input.bodyMd : '',
		url: input.type === 'lesson' || input.type === 'link' ? input.url : null,
		required: input.required,
		completion: input.completion,
		discussionEnabled: input.discussionEnabled,
		licence: input.licence,
		author: input.author,
		sourceUrl: input.sourceUrl,
		attribution: input.attribution
	};
}

/** Appends an activity to a section; a file activity needs an uploaded PDF or document. */
export async function addActivity(deps: Deps, input: { actor: Actor; courseId: string; sectionId: string; activity: ActivityInput; fileId?: string | null }) {
	const { course, activity } = await insertActivityChecked(deps, input);
	if (deps.notify && course.status === 'published') {
		await notifyCourseContent(deps.notify, { courseId: course.id, title: activity.title, url: `/courses/${course.slug}/activities/${activity.id}`, by: input.actor.id });
	}
	return activity;
}

async function insertActivityChecked(deps: Deps, input: { actor: Actor; courseId: string; sectionId: string; activity: ActivityInput; fileId?: string | null }) {
	return deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		await repo.lockCourse(tx, course.id);
		if (!UUID.test(input.sectionId) || !(await repo.findSection(tx, course.id, input.sectionId))) throw errors.courseNotFound();
		if (input.activity.type === 'file' && !input.fileId) throw errors.fileRequired();
		if (input.fileId) await checkedFile(tx, input.fileId, MATERIAL_TYPES, errors.materialTypeNotAllowed);
		const siblings = await repo.listSectionActivities(tx, input.sectionId);
		await writeDense(siblings, (id, p) => repo.setActivityPosition(tx, id, p));
		const at = deps.clock.now();
		await repo.updateCourse(tx, course.id, { updatedAt: at });
		const activity = await repo.insertActivity(tx, {
			courseId: course.id,
			sectionId: input.sectionId,
			...activityValues(input.activity),
			fileId: input.activity.type === 'file' ? input.fileId : null,
			position: siblings.length,
			createdAt: at,
			updatedAt: at
		});
		if (activity.type === 'quiz') await createQuizRow(tx, { activityId: activity.id, courseId: course.id, at });
		if (activity.type === 'survey') await createSurveyRow(tx, { activityId: activity.id, courseId: course.id, at });
		return { course, activity };
	});
}

/** Edits an activity; its type stays. A file activity keeps its file unless a new one is given. */
export async function updateActivity(deps: Deps, input: { actor: Actor; courseId: string; activityId: string; activity: ActivityInput; fileId?: string | null }) {
	return deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		const existing = UUID.test(input.activityId) ? await repo.findActivity(tx, course.id, input.activityId) : undefined;
		if (!existing) throw errors.courseNotFound();
		const activity = { ...input.activity, type: existing.type } as ActivityInput;
		if (input.fileId) await checkedFile(tx, input.fileId, MATERIAL_TYPES, errors.materialTypeNotAllowed);
		const at = deps.clock.now();
		await repo.updateCourse(tx, course.id, { updatedAt: at });
		return repo.updateActivity(tx, existing.id, {
			...activityValues(activity),
			...(existing.type === 'file' && input.fileId ? { fileId: input.fileId } : {}),
			updatedAt: at
		});
	});
}

export async function deleteActivity(deps: Deps, input: { actor: Actor; courseId: string; activityId: string }) {
	await deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		await repo.lockCourse(tx, course.id);
		const existing = UUID.test(input.activityId) ? await repo.findActivity(tx, course.id, input.activityId) : undefined;
		if (!existing) throw errors.courseNotFound();
		await repo.deleteActivity(tx, existing.id);
		await writeDense(await repo.listSectionActivities(tx, existing.sectionId), (id, p) => repo.setActivityPosition(tx, id, p));
		await repo.updateCourse(tx, course.id, { updatedAt: deps.clock.now() });
	});
}

export async function getActivityForEditing(deps: { db: Db }, input: { actor: Actor; courseId: string; activityId: string }) {
	const course = await managedCourse(deps.db, input.actor, input.courseId);
	const activity = UUID.test(input.activityId) ? await repo.findActivity(deps.db, course.id, input.activityId) : undefined;
	if (!activity) throw errors.courseNotFound();
	const [file] = activity.fileId ? await repo.filesByIds(deps.db, [activity.fileId]) : [];
	return { course, activity, file: file ?? null };
}

/**
 * Moves a section, or an activity inside its section, and rewrites the positions of that
 * list as 0..n-1 in one transaction with the course locked, so they stay dense and unique.
 */
export async function reorder(deps: Deps, input: { actor: Actor; courseId: string; move: ReorderInput }) {
	await deps.db.transaction(async (tx) => {
		const course = await managedCourse(tx, input.actor, input.courseId);
		await repo.lockCourse(tx, course.id);
		const { move } = input;
		if (move.kind === 'section') {
			const sections = await repo.listSections(tx, course.id);
			if (!sections.some((s) => s.id === move.id)) throw errors.courseNotFound();
			await writeDense(moveInList(sections, move.id, move), (id, p) => repo.setSectionPosition(tx, id, p));
		} else {
			const activity = await repo.findActivity(tx, course.id, move.id);
			if (!activity) throw errors.courseNotFound();
			const siblings = await repo.listSectionActivities(tx, activity.sectionId);
			await writeDense(moveInList(siblings, move.id, move), (id, p) => repo.setActivityPosition(tx, id, p));
		}
		await repo.updateCourse(tx, course.id, { updatedAt: deps.clock.now() });
	});
}

/** Enrolled participants with progress (completed required / required) and last access. */
export async function listCourseParticipants(deps: { db: Db }, input: { actor: Actor; courseId: string; limit: number; offset: number }) {
	const course = await managedCourse(deps.db, input.actor, input.courseId);
	const [required, total, rows] = await Promise.all([
		repo.countRequiredActivities(deps.db, course.id),
		repo.countParticipants(deps.db, course.id),
		repo.listParticipants(deps.db, course.id, input.limit, input.offset)
	]);
	return {
		course: { id: course.id, title: course.title },
		required,
		total,
		participants: rows.map((r) => ({ ...r, progress: required === 0 ? 0 : Math.min(1, r.done / required) }))
	};
}

function requireAdmin(actor: Actor) {
	if (!hasCapability(actor.roles, 'admin:access')) throw errors.authoringForbidden();
}

export async function listCategories(deps: { db: Db }) {
	return repo.listCategories(deps.db);
}

export async function createCategory(deps: Deps, input: { actor: Actor; name: string }) {
	requireAdmin(input.actor);
	return deps.db.transaction(async (tx) => {
		const existing = await repo.lockCategories(tx);
		const base = slugify(input.name, 'kategoria');
		const slug = firstFreeSlug(base, await repo.categorySlugsStartingWith(tx, base));
		return repo.insertCategory(tx, { name: input.name, slug, position: existing.length, createdAt: deps.clock.now() });
	});
}

/** Renames a category; its slug (used in catalogue URLs) stays. */
export async function renameCategory(deps: Deps, input: { actor: Actor; categoryId: string; name: string }) {
	requireAdmin(input.actor);
	if (!UUID.test(input.categoryId) || !(await repo.findCategory(deps.db, input.categoryId))) throw errors.categoryNotFound();
	await repo.updateCategory(deps.db, input.categoryId, { name: input.name });
}

export async function moveCategory(deps: Deps, input: { actor: Actor; categoryId: string; direction: 'up' | 'down' | null; to: number | null }) {
	requireAdmin(input.actor);
	await deps.db.transaction(async (tx) => {
		const rows = await repo.lockCategories(tx);
		if (!rows.some((r) => r.id === input.categoryId)) throw errors.categoryNotFound();
		const all = await repo.listCategories(tx);
		await writeDense(moveInList(all, input.categoryId, input), (id, p) => repo.updateCategory(tx, id, { position: p }));
	});
}

/** Deletes a category no course uses (audited); otherwise authoring.category_in_use. */
export async function deleteCategory(deps: Deps, input: { actor: Actor; categoryId: string }) {
	requireAdmin(input.actor);
	await deps.db.transaction(async (tx) => {
		await repo.lockCategories(tx);
		const category = UUID.test(input.categoryId) ? await repo.findCategory(tx, input.categoryId) : undefined;
		if (!category) throw errors.categoryNotFound();
		const used = await repo.countCoursesInCategory(tx, category.id);
		if (used > 0) throw errors.categoryInUse(used);
		await repo.deleteCategory(tx, category.id);
		await writeDense(await repo.listCategories(tx), (id, p) => repo.updateCategory(tx, id, { position: p }));
		await appendAudit(tx, { at: deps.clock.now(), actorId: input.actor.id, action: 'courses.category_deleted', targetType: 'course_category', targetId: category.id, details: { name: category.name } });
	});
}

/** The admin's licence report: materials per licence, and one page of materials. */
export async function licenceReport(deps: { db: Db }, input: { actor: Actor; licence?: string; limit: number; offset: number }) {
	requireAdmin(input.actor);
	const [counts, materials] = await Promise.all([
		repo.countMaterialsByLicence(deps.db),
		repo.listMaterials(deps.db, { licence: input.licence, limit: input.limit, offset: input.offset })
	]);
	return { counts: counts.map((c) => ({ licence: c.licence, count: Number(c.n) })), materials };
}

/** The lesson preview: the same safe renderer the participant side uses. */
export function renderPreview(bodyMd: string, locale: Locale = 'pl'): string {
	return renderMarkdown(bodyMd.slice(0, 100_000), { videos: { locale } });
}
