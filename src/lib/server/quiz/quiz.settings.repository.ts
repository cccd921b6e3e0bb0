import { and, asc, eq, gt, ilike, inArray, isNull, max, or, sql } from 'drizzle-orm';
import { containsPattern } from '../db/like';
import type { DbOrTx } from '../db/client';
import { activities, enrolments } from '../courses/courses.tables';
import { users } from '../users/users.tables';
import { questionCategories, questionVersions, questions, quizAttempts, quizOverrides, quizSlots, quizzes } from './quiz.tables';

/** SQL of the trainer's quiz pages (settings, slots, overrides). No business rules here. */

export type QuizRow = typeof quizzes.$inferSelect;
export type QuizUpdate = Partial<Omit<typeof quizzes.$inferInsert, 'activityId' | 'courseId'>>;

/** The quiz of an activity of a given course, with the activity's title; `lock` takes a row lock (serialises slot changes). */
export async function findQuiz(db: DbOrTx, courseId: string, activityId: string, lock = false) {
	const query = db
		.select({ quiz: quizzes, title: activities.title })
		.from(quizzes)
		.innerJoin(activities, eq(activities.id, quizzes.activityId))
		.where(and(eq(quizzes.activityId, activityId), eq(quizzes.courseId, courseId)))
		.limit(1);
	const [row] = lock ? await query.for('update', { of: quizzes }) : await query;
	return row;
}

export async function updateQuiz(db: DbOrTx, activityId: string, values: QuizUpdate) {
	const [row] = await db.update(quizzes).set(values).where(eq(quizzes.activityId, activityId)).returning();
	return row;
}

export async function countAttempts(db: DbOrTx, quizId: string) {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(quizAttempts).where(eq(quizAttempts.quizId, quizId));
	return row?.n ?? 0;
}

/** The slots in order, with the current version of a fixed question or the category of a random one. */
export function listSlots(db: DbOrTx, quizId: string) {
	return db
		.select({
			id: quizSlots.id,
			position: quizSlots.position,
			mark: quizSlots.mark,
			questionId: quizSlots.questionId,
			randomCategoryId: quizSlots.randomCategoryId,
			name: questionVersions.name,
			type: questionVersions.type,
			archivedAt: questions.archivedAt,
			categoryName: questionCategories.name
		})
		.from(quizSlots)
		.leftJoin(questions, eq(questions.id, quizSlots.questionId))
		.leftJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
		.leftJoin(questionCategories, eq(questionCategories.id, sql`coalesce(${quizSlots.randomCategoryId}, ${questions.categoryId})`))
		.where(eq(quizSlots.quizId, quizId))
		.orderBy(asc(quizSlots.position));
}

export async function nextPosition(db: DbOrTx, quizId: string) {
	const [row] = await db.select({ top: max(quizSlots.position) }).from(quizSlots).where(eq(quizSlots.quizId, quizId));
	return row?.top === null || row?.top === undefined ? 0 : row.top + 1;
}

export function insertSlots(db: DbOrTx, rows: (typeof quizSlots.$inferInsert)[]) {
	return rows.length ? db.insert(quizSlots).values(rows).returning() : Promise.resolve([]);
}

export async function findSlot(db: DbOrTx, quizId: string, slotId: string) {
	const [row] = await db.select().from(quizSlots).where(and(eq(quizSlots.quizId, quizId), eq(quizSlots.id, slotId))).limit(1);
	return row;
}

export async function findSlotAt(db: DbOrTx, quizId: string, position: number) {
	const [row] = await db.select().from(quizSlots).where(and(eq(quizSlots.quizId, quizId), eq(quizSlots.position, position))).limit(1);
	return row;
}

export async function setSlotPosition(db: DbOrTx, slotId: string, position: number) {
	await db.update(quizSlots).set({ position }).where(eq(quizSlots.id, slotId));
}

export async function setSlotMark(db: DbOrTx, slotId: string, mark: number) {
	await db.update(quizSlots).set({ mark }).where(eq(quizSlots.id, slotId));
}

/**
 * Deletes a slot and closes the gap. Positions are unique per quiz and checked row by row,
 * so the later slots first move out of the way (+100000) and then back, one lower.
 */
export async function deleteSlot(db: DbOrTx, quizId: string, slot: { id: string; position: number }) {
	await db.delete(quizSlots).where(eq(quizSlots.id, slot.id));
	await db.update(quizSlots).set({ position: sql`${quizSlots.position} + 100000` }).where(and(eq(quizSlots.quizId, quizId), gt(quizSlots.position, slot.position)));
	await db.update(quizSlots).set({ position: sql`${quizSlots.position} - 100001` }).where(and(eq(quizSlots.quizId, quizId), gt(quizSlots.position, 99_999)));
}

/** Questions of this course among `ids` that are not archived, with their current version's default mark. */
export function usableQuestions(db: DbOrTx, courseId: string, ids: string[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return db
		.select({ id: questions.id, defaultMark: questionVersions.defaultMark })
		.from(questions)
		.innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
		.where(and(eq(questions.courseId, courseId), inArray(questions.id, ids), isNull(questions.archivedAt)));
}

export async function findCategory(db: DbOrTx, courseId: string, categoryId: string) {
	const [row] = await db.select().from(questionCategories).where(and(eq(questionCategories.courseId, courseId), eq(questionCategories.id, categoryId))).limit(1);
	return row;
}

export async function countUsableInCategory(db: DbOrTx, categoryId: string) {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(questions).where(and(eq(questions.categoryId, categoryId), isNull(questions.archivedAt)));
	return row?.n ?? 0;
}

/** The bank of a course (current versions, not archived), optionally of one category. */
export function listBank(db: DbOrTx, courseId: string, categoryId: string | null) {
	return db
		.select({ id: questions.id, categoryId: questions.categoryId, name: questionVersions.name, type: questionVersions.type, defaultMark: questionVersions.defaultMark })
		.from(questions)
		.innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
		.where(and(eq(questions.courseId, courseId), isNull(questions.archivedAt), categoryId ? eq(questions.categoryId, categoryId) : undefined))
		.orderBy(asc(questionVersions.name))
		.limit(500);
}

export function listOverrides(db: DbOrTx, quizId: string) {
	return db
		.select({ override: quizOverrides, givenName: users.givenName, familyName: users.familyName, email: users.email })
		.from(quizOverrides)
		.innerJoin(users, eq(users.id, quizOverrides.userId))
		.where(eq(quizOverrides.quizId, quizId))
		.orderBy(asc(users.familyName), asc(users.givenName));
}

export async function findOverride(db: DbOrTx, quizId: string, userId: string) {
	const [row] = await db.select().from(quizOverrides).where(and(eq(quizOverrides.quizId, quizId), eq(quizOverrides.userId, userId))).limit(1);
	return row;
}

export async function upsertOverride(db: DbOrTx, row: typeof quizOverrides.$inferInsert) {
	const { quizId: _q, userId: _u, ...values } = row;
	const [saved] = await db.insert(quizOverrides).values(row).onConflictDoUpdate({ target: [quizOverrides.quizId, quizOverrides.userId], set: values }).returning();
	return saved;
}

export async function deleteOverride(db: DbOrTx, quizId: string, userId: string) {
	const rows = await db.delete(quizOverrides).where(and(eq(quizOverrides.quizId, quizId), eq(quizOverrides.userId, userId))).returning();
	return rows.length;
}

export { isEnrolled } from './attempts.repository';


/** Enrolled people of a course whose name or email contains `search` (any case), at most 20. */
export function searchEnrolled(db: DbOrTx, courseId: string, search: string) {
	const pattern = containsPattern(search);
	return db
		.select({ id: users.id, givenName: users.givenName, familyName: users.familyName, email: users.email })
		.from(enrolments)
		.innerJoin(users, eq(users.id, enrolments.userId))
		.where(
			and(
				eq(enrolments.courseId, courseId),
				search ? or(ilike(users.givenName, pattern), ilike(users.familyName, pattern), ilike(users.email, pattern), ilike(sql`coalesce(${users.givenName}, '') || ' ' || coalesce(${users.familyName}, '')`, pattern)) : undefined
			)
		)
		.orderBy(asc(users.familyName), asc(users.givenName))
		.limit(20);
}

/** A final test's activity: required for course progress, completed only by passing. */
export async function makeRequiredPass(db: DbOrTx, activityId: string, at: Date) {
	await db.update(activities).set({ required: true, completion: 'pass', updatedAt: at }).where(eq(activities.id, activityId));
}
