import { and, asc, count, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { users } from '../users/users.tables';
import { files } from '../files/files.tables';
import {
	activities,
	activityCompletions,
	courseAccess,
	courseCategories,
	courseSections,
	courseTrainers,
	courses,
	enrolments
} from '../courses/courses.tables';

/**
 * The authoring side's SQL: it writes courses, sections, activities, trainers and
 * categories. The participant side reads the same tables through courses/.
 */

export type CourseRow = typeof courses.$inferSelect;
export type SectionRow = typeof courseSections.$inferSelect;
export type ActivityRow = typeof activities.$inferSelect;

export async function findCourse(db: DbOrTx, id: string) {
	const [row] = await db.select().from(courses).where(eq(courses.id, id)).limit(1);
	return row;
}

/** Locks the course row for the rest of the transaction: structural changes of one course run one at a time. */
export async function lockCourse(db: DbOrTx, id: string) {
	const [row] = await db.select({ id: courses.id }).from(courses).where(eq(courses.id, id)).for('update');
	return row;
}

export async function slugsStartingWith(db: DbOrTx, base: string) {
	const rows = await db.select({ slug: courses.slug }).from(courses).where(like(courses.slug, `${base}%`));
	return rows.map((r) => r.slug);
}

export async function insertCourse(db: DbOrTx, values: typeof courses.$inferInsert) {
	const [row] = await db.insert(courses).values(values).returning();
	return row;
}

export async function updateCourse(db: DbOrTx, id: string, values: Partial<typeof courses.$inferInsert>) {
	const [row] = await db.update(courses).set(values).where(eq(courses.id, id)).returning();
	return row;
}

const courseListColumns = {
	id: courses.id,
	title: courses.title,
	slug: courses.slug,
	status: courses.status,
	visibility: courses.visibility,
	updatedAt: courses.updatedAt
};

/** Courses a trainer is listed on, newest change first. */
export async function listCoursesOfTrainer(db: DbOrTx, userId: string) {
	return db
		.select({ ...courseListColumns, role: courseTrainers.role })
		.from(courses)
		.innerJoin(courseTrainers, eq(courseTrainers.courseId, courses.id))
		.where(eq(courseTrainers.userId, userId))
		.orderBy(desc(courses.updatedAt), asc(courses.id));
}

export async function listAllCourses(db: DbOrTx) {
	return db.select(courseListColumns).from(courses).orderBy(desc(courses.updatedAt), asc(courses.id));
}

export async function insertTrainer(db: DbOrTx, values: typeof courseTrainers.$inferInsert) {
	await db.insert(courseTrainers).values(values);
}

export async function findTrainer(db: DbOrTx, courseId: string, userId: string) {
	const [row] = await db
		.select()
		.from(courseTrainers)
		.where(and(eq(courseTrainers.courseId, courseId), eq(courseTrainers.userId, userId)))
		.limit(1);
	return row;
}

export async function listTrainers(db: DbOrTx, courseId: string) {
	return db
		.select({ userId: users.id, givenName: users.givenName, familyName: users.familyName, email: users.email, role: courseTrainers.role })
		.from(courseTrainers)
		.innerJoin(users, eq(users.id, courseTrainers.userId))
		.where(eq(courseTrainers.courseId, courseId))
		.orderBy(desc(courseTrainers.role), asc(courseTrainers.addedAt), asc(users.id)); // owner first
}

export async function findUsersByEmail(db: DbOrTx, email: string) {
	return db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).limit(2);
}

export async function findFile(db: DbOrTx, id: string) {
	const [row] = await db.select().from(files).where(eq(files.id, id)).limit(1);
	return row;
}

export async function listSections(db: DbOrTx, courseId: string) {
	return db.select().from(courseSections).where(eq(courseSections.courseId, courseId)).orderBy(asc(courseSections.position), asc(courseSections.id));
}

export async function findSection(db: DbOrTx, courseId: string, id: string) {
	const [row] = await db
		.select()
		.from(courseSections)
		.where(and(eq(courseSections.id, id), eq(courseSections.courseId, courseId)))
		.limit(1);
	return row;
}

export async function insertSection(db: DbOrTx, values: typeof courseSections.$inferInsert) {
	const [row] = await db.insert(courseSections).values(values).returning();
	return row;
}

export async function updateSection(db: DbOrTx, id: string, values: Partial<typeof courseSections.$inferInsert>) {
	await db.update(courseSections).set(values).where(eq(courseSections.id, id));
}

export async function deleteSection(db: DbOrTx, id: string) {
	await db.delete(courseSections).where(eq(courseSections.id, id));
}

export async function setSectionPosition(db: DbOrTx, id: string, position: number) {
	await db.update(courseSections).set({ position }).where(eq(courseSections.id, id));
}

export async function listActivities(db: DbOrTx, courseId: string) {
	return db
		.select()
		.from(activities)
		.where(eq(activities.courseId, courseId))
		.orderBy(asc(activities.sectionId), asc(activities.position), asc(activities.id));
}

export async function listSectionActivities(db: DbOrTx, sectionId: string) {
	return db.select().from(activities).where(eq(activities.sectionId, sectionId)).orderBy(asc(activities.position), asc(activities.id));
}

export async function findActivity(db: DbOrTx, courseId: string, id: string) {
	const [row] = await db
		.select()
		.from(activities)
		.where(and(eq(activities.id, id), eq(activities.courseId, courseId)))
		.limit(1);
	return row;
}

export async function insertActivity(db: DbOrTx, values: typeof activities.$inferInsert) {
	const [row] = await db.insert(activities).values(values).returning();
	return row;
}

export async function updateActivity(db: DbOrTx, id: string, values: Partial<typeof activities.$inferInsert>) {
	const [row] = await db.update(activities).set(values).where(eq(activities.id, id)).returning();
	return row;
}

export async function deleteActivity(db: DbOrTx, id: string) {
	await db.delete(activities).where(eq(activities.id, id));
}

export async function setActivityPosition(db: DbOrTx, id: string, position: number) {
	await db.update(activities).set({ position }).where(eq(activities.id, id));
}

export async function countRequiredActivities(db: DbOrTx, courseId: string) {
	const [row] = await db
		.select({ n: count() })
		.from(activities)
		.where(and(eq(activities.courseId, courseId), eq(activities.required, true)));
	return Number(row?.n ?? 0);
}

export async function countParticipants(db: DbOrTx, courseId: string) {
	const [row] = await db.select({ n: count() }).from(enrolments).where(eq(enrolments.courseId, courseId));
	return Number(row?.n ?? 0);
}

/** Enrolled people with their completed required activities and last access, by name. */
export async function listParticipants(db: DbOrTx, courseId: string, limit: number, offset: number) {
	const completed = db
		.select({ userId: activityCompletions.userId, done: count().as('done') })
		.from(activityCompletions)
		.innerJoin(activities, eq(activities.id, activityCompletions.activityId))
		.where(and(eq(activityCompletions.courseId, courseId), eq(activities.required, true)))
		.groupBy(activityCompletions.userId)
		.as('completed');
	return db
		.select({
			userId: users.id,
			givenName: users.givenName,
			familyName: users.familyName,
			email: users.email,
			enrolledAt: enrolments.enrolledAt,
			lastAccessAt: courseAccess.lastAccessAt,
			done: sql<number>`coalesce(${completed.done}, 0)`.mapWith(Number)
		})
		.from(enrolments)
		.innerJoin(users, eq(users.id, enrolments.userId))
		.leftJoin(courseAccess, and(eq(courseAccess.courseId, enrolments.courseId), eq(courseAccess.userId, enrolments.userId)))
		.leftJoin(completed, eq(completed.userId, enrolments.userId))
		.where(eq(enrolments.courseId, courseId))
		.orderBy(sql`${users.familyName} asc nulls last`, sql`${users.givenName} asc nulls last`, asc(users.id))
		.limit(limit)
		.offset(offset);
}

export async function listCategories(db: DbOrTx) {
	const used = db
		.select({ categoryId: courses.categoryId, n: count().as('n') })
		.from(courses)
		.groupBy(courses.categoryId)
		.as('used');
	return db
		.select({
			id: courseCategories.id,
			name: courseCategories.name,
			slug: courseCategories.slug,
			position: courseCategories.position,
			courses: sql<number>`coalesce(${used.n}, 0)`.mapWith(Number)
		})
		.from(courseCategories)
		.leftJoin(used, eq(used.categoryId, courseCategories.id))
		.orderBy(asc(courseCategories.position), asc(courseCategories.name), asc(courseCategories.id));
}

export async function findCategory(db: DbOrTx, id: string) {
	const [row] = await db.select().from(courseCategories).where(eq(courseCategories.id, id)).limit(1);
	return row;
}

export async function categorySlugsStartingWith(db: DbOrTx, base: string) {
	const rows = await db.select({ slug: courseCategories.slug }).from(courseCategories).where(like(courseCategories.slug, `${base}%`));
	return rows.map((r) => r.slug);
}

export async function insertCategory(db: DbOrTx, values: typeof courseCategories.$inferInsert) {
	const [row] = await db.insert(courseCategories).values(values).returning();
	return row;
}

export async function updateCategory(db: DbOrTx, id: string, values: Partial<typeof courseCategories.$inferInsert>) {
	await db.update(courseCategories).set(values).where(eq(courseCategories.id, id));
}

export async function deleteCategory(db: DbOrTx, id: string) {
	await db.delete(courseCategories).where(eq(courseCategories.id, id));
}

export async function countCoursesInCategory(db: DbOrTx, id: string) {
	const [row] = await db.select({ n: count() }).from(courses).where(eq(courses.categoryId, id));
	return Number(row?.n ?? 0);
}

/** Locks every category row: reordering and deleting keep positions dense one at a time. */
export async function lockCategories(db: DbOrTx) {
	return db.select({ id: courseCategories.id }).from(courseCategories).orderBy(asc(courseCategories.position), asc(courseCategories.name), asc(courseCategories.id)).for('update');
}

export async function countMaterialsByLicence(db: DbOrTx) {
	return db.select({ licence: activities.licence, n: count() }).from(activities).groupBy(activities.licence).orderBy(asc(activities.licence));
}

export async function listMaterials(db: DbOrTx, filter: { licence?: string; limit: number; offset: number }) {
	return db
		.select({
			id: activities.id,
			title: activities.title,
			type: activities.type,
			licence: activities.licence,
			author: activities.author,
			sourceUrl: activities.sourceUrl,
			attribution: activities.attribution,
			courseId: courses.id,
			courseTitle: courses.title
		})
		.from(activities)
		.innerJoin(courses, eq(courses.id, activities.courseId))
		.where(filter.licence ? eq(activities.licence, filter.licence as ActivityRow['licence']) : undefined)
		.orderBy(asc(activities.licence), asc(courses.title), asc(activities.title), asc(activities.id))
		.limit(filter.limit)
		.offset(filter.offset);
}

export async function filesByIds(db: DbOrTx, ids: string[]) {
	if (ids.length === 0) return [];
	return db.select({ id: files.id, originalName: files.originalName, contentType: files.contentType, size: files.size }).from(files).where(inArray(files.id, ids));
}
