import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../db/like';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client';
import {
	activities,
	activityCompletions,
	courseAccess,
	courseCategories,
	courseSections,
	courses,
	enrolments,
	type Visibility
} from './courses.tables';

export type CourseRow = typeof courses.$inferSelect;
export type SectionRow = typeof courseSections.$inferSelect;
export type ActivityRow = typeof activities.$inferSelect;
export type CategoryRow = typeof courseCategories.$inferSelect;

const POLISH_UPPER = 'ĄĆĘŁŃÓŚŹŻ';
const POLISH_LOWER = 'ąćęłńóśźż';
const ASCII = 'acelnoszz';

/**
 * Folds case and Polish diacritics the same way in SQL and in JS, so "zolc" finds
 * "Żółć" whatever the database's locale (lower() of non-ASCII letters depends on it,
 * translate() does not).
 */
export function foldForSearch(text: string): string {
	const map = new Map([...POLISH_UPPER + POLISH_LOWER].map((c, i) => [c, ASCII[i % ASCII.length]]));
	return [...text.toLowerCase()].map((c) => map.get(c) ?? c).join('');
}
const foldSql = (column: AnyPgColumn) =>
	sql`translate(lower(${column}), ${POLISH_UPPER + POLISH_LOWER}, ${ASCII + ASCII})`;


export interface CatalogueFilter {
	search?: string;
	categoryId?: string;
	visibilities: readonly Visibility[];
	limit: number;
	offset: number;
}

/** Published courses of the given visibilities, newest first, optionally searched and filtered. */
export async function listPublishedCourses(db: DbOrTx, filter: CatalogueFilter) {
	const conditions: SQL[] = [eq(courses.status, 'published'), inArray(courses.visibility, [...filter.visibilities])];
	if (filter.categoryId) conditions.push(eq(courses.categoryId, filter.categoryId));
	const term = filter.search ? foldForSearch(filter.search.trim()) : '';
	if (term) {
		const pattern = containsPattern(term);
		conditions.push(
			sql`(${foldSql(courses.title)} like ${pattern} or ${foldSql(courses.summary)} like ${pattern} or ${foldSql(courses.keywords)} like ${pattern})`
		);
	}
	return db
		.select({
			id: courses.id,
			slug: courses.slug,
			title: courses.title,
			summary: courses.summary,
			visibility: courses.visibility,
			estimatedHours: courses.estimatedHours,
			categoryName: courseCategories.name,
			categorySlug: courseCategories.slug
		})
		.from(courses)
		.leftJoin(courseCategories, eq(courseCategories.id, courses.categoryId))
		.where(and(...conditions))
		.orderBy(desc(courses.publishedAt), asc(courses.title), asc(courses.id))
		.limit(filter.limit)
		.offset(filter.offset);
}

export async function listCategories(db: DbOrTx): Promise<CategoryRow[]> {
	return db.select().from(courseCategories).orderBy(asc(courseCategories.position), asc(courseCategories.name));
}

export async function findCategoryBySlug(db: DbOrTx, slug: string): Promise<CategoryRow | undefined> {
	const rows = await db.select().from(courseCategories).where(eq(courseCategories.slug, slug)).limit(1);
	return rows[0];
}

export async function findCategoryById(db: DbOrTx, id: string): Promise<CategoryRow | undefined> {
	const rows = await db.select().from(courseCategories).where(eq(courseCategories.id, id)).limit(1);
	return rows[0];
}

export async function findCourseBySlug(db: DbOrTx, slug: string): Promise<CourseRow | undefined> {
	const rows = await db.select().from(courses).where(eq(courses.slug, slug)).limit(1);
	return rows[0];
}

export async function findCourseById(db: DbOrTx, id: string): Promise<CourseRow | undefined> {
	const rows = await db.select().from(courses).where(eq(courses.id, id)).limit(1);
	return rows[0];
}

export async function listSections(db: DbOrTx, courseId: string): Promise<SectionRow[]> {
	return db.select().from(courseSections).where(eq(courseSections.courseId, courseId)).orderBy(asc(courseSections.position), asc(courseSections.id));
}

/** Activities of the given courses in reading order: by section position, then activity position. */
export async function listActivitiesInOrder(db: DbOrTx, courseIds: string[]) {
	if (courseIds.length === 0) return [];
	return db
		.select({ activity: activities, sectionPosition: courseSections.position })
		.from(activities)
		.innerJoin(courseSections, eq(courseSections.id, activities.sectionId))
		.where(inArray(activities.courseId, courseIds))
		.orderBy(asc(courseSections.position), asc(courseSections.id), asc(activities.position), asc(activities.id))
		.then((rows) => rows.map((r) => r.activity));
}

export async function findActivityById(db: DbOrTx, id: string): Promise<ActivityRow | undefined> {
	const rows = await db.select().from(activities).where(eq(activities.id, id)).limit(1);
	return rows[0];
}

/** Activities pointing at a file, with the state of their courses: what decides who may download it. */
export async function listFileUses(db: DbOrTx, fileId: string) {
	const asMaterial = await db
		.select({ courseId: courses.id, visibility: courses.visibility, status: courses.status, kind: sql<'material'>`'material'` })
		.from(activities)
		.innerJoin(courses, eq(courses.id, activities.courseId))
		.where(eq(activities.fileId, fileId));
	const asCover = await db
		.select({ courseId: courses.id, visibility: courses.visibility, status: courses.status, kind: sql<'cover'>`'cover'` })
		.from(courses)
		.where(eq(courses.coverFileId, fileId));
	return [...asMaterial, ...asCover];
}

export async function findEnrolment(db: DbOrTx, courseId: string, userId: string) {
	const rows = await db.select().from(enrolments).where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId))).limit(1);
	return rows[0];
}

export async function insertEnrolment(db: DbOrTx, values: typeof enrolments.$inferInsert) {
	await db.insert(enrolments).values(values).onConflictDoNothing();
}

export async function deleteEnrolment(db: DbOrTx, courseId: string, userId: string) {
	await db.delete(enrolments).where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId)));
}

export async function listEnrolledCourses(db: DbOrTx, userId: string) {
	return db
		.select({ course: courses, enrolledAt: enrolments.enrolledAt, access: courseAccess })
		.from(enrolments)
		.innerJoin(courses, eq(courses.id, enrolments.courseId))
		.leftJoin(courseAccess, and(eq(courseAccess.courseId, enrolments.courseId), eq(courseAccess.userId, enrolments.userId)))
		.where(and(eq(enrolments.userId, userId), eq(courses.status, 'published')))
		.orderBy(sql`${courseAccess.lastAccessAt} desc nulls last`, desc(enrolments.enrolledAt), asc(courses.id));
}

export async function listCompletedActivityIds(db: DbOrTx, userId: string, courseIds: string[]): Promise<Set<string>> {
	if (courseIds.length === 0) return new Set();
	const rows = await db
		.select({ activityId: activityCompletions.activityId })
		.from(activityCompletions)
		.where(and(eq(activityCompletions.userId, userId), inArray(activityCompletions.courseId, courseIds)));
	return new Set(rows.map((r) => r.activityId));
}

export async function insertCompletion(db: DbOrTx, values: typeof activityCompletions.$inferInsert) {
	await db.insert(activityCompletions).values(values).onConflictDoNothing();
}

export async function deleteCompletion(db: DbOrTx, activityId: string, userId: string) {
	await db.delete(activityCompletions).where(and(eq(activityCompletions.activityId, activityId), eq(activityCompletions.userId, userId)));
}

export async function findAccess(db: DbOrTx, courseId: string, userId: string) {
	const rows = await db.select().from(courseAccess).where(and(eq(courseAccess.courseId, courseId), eq(courseAccess.userId, userId))).limit(1);
	return rows[0];
}

/** First access is set once; last access (and the last activity, when one was opened) moves forward. */
export async function touchAccess(db: DbOrTx, input: { courseId: string; userId: string; at: Date; activityId?: string }) {
	await db
		.insert(courseAccess)
		.values({ courseId: input.courseId, userId: input.userId, firstAccessAt: input.at, lastAccessAt: input.at, lastActivityId: input.activityId ?? null })
		.onConflictDoUpdate({
			target: [courseAccess.courseId, courseAccess.userId],
			set: {
				lastAccessAt: sql`greatest(${courseAccess.lastAccessAt}, excluded.last_access_at)`,
				lastActivityId: input.activityId ? sql`excluded.last_activity_id` : sql`${courseAccess.lastActivityId}`
			}
		});
}
