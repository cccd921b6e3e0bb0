import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { activities, activityCompletions, courses, enrolments } from '../courses/courses.tables';
import { users } from '../users/users.tables';
import { attemptQuestions, questionVersions, questions, quizAttempts, quizOverrides, quizSlots, quizzes } from './quiz.tables';

/** SQL of the attempt engine: small named queries, no rules. */

export type QuizRow = typeof quizzes.$inferSelect;
export type AttemptRow = typeof quizAttempts.$inferSelect;
export type AttemptQuestionRow = typeof attemptQuestions.$inferSelect;
export type VersionRow = typeof questionVersions.$inferSelect;
export type OverrideRow = typeof quizOverrides.$inferSelect;

export async function findCourseBySlug(db: DbOrTx, slug: string) {
	const [row] = await db.select().from(courses).where(eq(courses.slug, slug)).limit(1);
	return row;
}

export async function findCourseById(db: DbOrTx, id: string) {
	const [row] = await db.select().from(courses).where(eq(courses.id, id)).limit(1);
	return row;
}

/** A quiz with its activity (title, description, completion rule). */
export async function findQuiz(db: DbOrTx, activityId: string) {
	const [row] = await db
		.select({ quiz: quizzes, activity: activities })
		.from(quizzes)
		.innerJoin(activities, eq(activities.id, quizzes.activityId))
		.where(and(eq(quizzes.activityId, activityId), eq(activities.type, 'quiz')))
		.limit(1);
	return row;
}

export async function listCourseQuizzes(db: DbOrTx, courseId: string) {
	return db
		.select({ quiz: quizzes, activity: activities })
		.from(quizzes)
		.innerJoin(activities, eq(activities.id, quizzes.activityId))
		.where(eq(quizzes.courseId, courseId))
		.orderBy(asc(activities.position));
}

export async function findOverride(db: DbOrTx, quizId: string, userId: string) {
	const [row] = await db
		.select()
		.from(quizOverrides)
		.where(and(eq(quizOverrides.quizId, quizId), eq(quizOverrides.userId, userId)))
		.limit(1);
	return row;
}

/** Overrides of several quizzes or people at once, for loops that would otherwise ask per row. */
export async function listOverrides(db: DbOrTx, filter: { quizIds: string[]; userId?: string }) {
	if (filter.quizIds.length === 0) return [];
	return db
		.select()
		.from(quizOverrides)
		.where(and(inArray(quizOverrides.quizId, filter.quizIds), filter.userId ? eq(quizOverrides.userId, filter.userId) : undefined));
}

export async function listSlots(db: DbOrTx, quizId: string) {
	return db.select().from(quizSlots).where(eq(quizSlots.quizId, quizId)).orderBy(asc(quizSlots.position));
}

export async function countSlots(db: DbOrTx, quizId: string) {
	const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(quizSlots).where(eq(quizSlots.quizId, quizId));
	return Number(row?.n ?? 0);
}

/** Current versions of the given questions (archived ones included: a fixed slot keeps working). */
export async function currentVersions(db: DbOrTx, questionIds: string[]) {
	if (questionIds.length === 0) return [];
	return db
		.select({ questionId: questions.id, version: questionVersions })
		.from(questions)
		.innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
		.where(inArray(questions.id, questionIds));
}

/** Candidates for a random slot: the category's questions not archived, at their current version. */
export async function randomCandidates(db: DbOrTx, categoryId: string) {
	return db
		.select({ questionId: questions.id, version: questionVersions })
		.from(questions)
		.innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
		.where(and(eq(questions.categoryId, categoryId), isNull(questions.archivedAt)))
		.orderBy(asc(questions.createdAt), asc(questions.id));
}

export async function versionsByIds(db: DbOrTx, ids: string[]) {
	if (ids.length === 0) return new Map<string, VersionRow>();
	const rows = await db.select().from(questionVersions).where(inArray(questionVersions.id, ids));
	return new Map(rows.map((r) => [r.id, r]));
}

export async function findAttempt(db: DbOrTx, attemptId: string) {
	const [row] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).limit(1);
	return row;
}

/** Locks the attempt row for the rest of the transaction: saves, checks, submission and the sweep are serialised per attempt. */
export async function lockAttempt(db: DbOrTx, attemptId: string) {
	const [row] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).for('update').limit(1);
	return row;
}

/** Like lockAttempt, but gives up (undefined) when another process holds the lock. */
export async function lockAttemptSkipLocked(db: DbOrTx, attemptId: string) {
	const [row] = await db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).for('update', { skipLocked: true }).limit(1);
	return row;
}

export async function lockOpenAttempt(db: DbOrTx, quizId: string, userId: string) {
	const [row] = await db
		.select()
		.from(quizAttempts)
		.where(and(eq(quizAttempts.quizId, quizId), eq(quizAttempts.userId, userId), inArray(quizAttempts.state, ['in_progress', 'overdue'])))
		.for('update')
		.limit(1);
	return row;
}

/** Attempts still running (not in their grace period) of a quiz, or of one person in it, locked. */
export async function lockRunningAttempts(db: DbOrTx, quizId: string, userId?: string) {
	return db
		.select()
		.from(quizAttempts)
		.where(and(eq(quizAttempts.quizId, quizId), eq(quizAttempts.state, 'in_progress'), userId ? eq(quizAttempts.userId, userId) : undefined))
		.for('update');
}

export async function findOpenAttempt(db: DbOrTx, quizId: string, userId: string) {
	const [row] = await db
		.select()
		.from(quizAttempts)
		.where(and(eq(quizAttempts.quizId, quizId), eq(quizAttempts.userId, userId), inArray(quizAttempts.state, ['in_progress', 'overdue'])))
		.limit(1);
	return row;
}

export async function listUserAttempts(db: DbOrTx, quizId: string, userId: string) {
	return db
		.select()
		.from(quizAttempts)
		.where(and(eq(quizAttempts.quizId, quizId), eq(quizAttempts.userId, userId)))
		.orderBy(asc(quizAttempts.number));
}

export async function listUserAttemptsInCourse(db: DbOrTx, courseId: string, userId: string) {
	return db
		.select({ attempt: quizAttempts })
		.from(quizAttempts)
		.innerJoin(quizzes, eq(quizzes.activityId, quizAttempts.quizId))
		.where(and(eq(quizzes.courseId, courseId), eq(quizAttempts.userId, userId)))
		.orderBy(asc(quizAttempts.number));
}

export async function insertAttempt(db: DbOrTx, values: typeof quizAttempts.$inferInsert) {
	const [row] = await db.insert(quizAttempts).values(values).returning();
	return row;
}

export async function insertAttemptQuestions(db: DbOrTx, rows: (typeof attemptQuestions.$inferInsert)[]) {
	if (rows.length) await db.insert(attemptQuestions).values(rows);
}

export async function updateAttempt(db: DbOrTx, attemptId: string, values: Partial<typeof quizAttempts.$inferInsert>) {
	await db.update(quizAttempts).set(values).where(eq(quizAttempts.id, attemptId));
}

export async function listAttemptQuestions(db: DbOrTx, attemptId: string) {
	return db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, attemptId)).orderBy(asc(attemptQuestions.slot));
}

export async function updateAttemptQuestion(db: DbOrTx, attemptId: string, slot: number, values: Partial<typeof attemptQuestions.$inferInsert>) {
	await db
		.update(attemptQuestions)
		.set(values)
		.where(and(eq(attemptQuestions.attemptId, attemptId), eq(attemptQuestions.slot, slot)));
}

/** Stores a response only when its sequence number is newer than the stored one; returns whether it did. */
export async function storeResponseIfNewer(db: DbOrTx, input: { attemptId: string; slot: number; seq: number; response: unknown; at: Date }) {
	const rows = await db
		.update(attemptQuestions)
		.set({ response: input.response as never, responseSeq: input.seq, savedAt: input.at })
		.where(and(eq(attemptQuestions.attemptId, input.attemptId), eq(attemptQuestions.slot, input.slot), lt(attemptQuestions.responseSeq, input.seq)))
		.returning({ slot: attemptQuestions.slot });
	return rows.length > 0;
}

/**
 * Open attempts whose time is over (past the deadline, and past the grace period for quizzes
 * that give one), oldest first: the sweep's work list, served by the (state, deadline_at) index.
 */
export async function listOverdueAttemptIds(db: DbOrTx, now: Date, limit: number) {
	return db
		.select({ id: quizAttempts.id })
		.from(quizAttempts)
		.innerJoin(quizzes, eq(quizzes.activityId, quizAttempts.quizId))
		.where(
			and(
				inArray(quizAttempts.state, ['in_progress', 'overdue']),
				lt(quizAttempts.deadlineAt, now),
				or(
					sql`${quizzes.overdueHandling} <> 'graceperiod'`,
					sql`${quizAttempts.deadlineAt} + make_interval(secs => ${quizzes.graceSeconds}) < ${now.toISOString()}::timestamptz`
				)
			)
		)
		.orderBy(asc(quizAttempts.deadlineAt))
		.limit(limit);
}

export async function isEnrolled(db: DbOrTx, courseId: string, userId: string) {
	const [row] = await db
		.select({ userId: enrolments.userId })
		.from(enrolments)
		.where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, userId)))
		.limit(1);
	return Boolean(row);
}

export async function insertCompletion(db: DbOrTx, values: typeof activityCompletions.$inferInsert) {
	await db.insert(activityCompletions).values(values).onConflictDoNothing();
}

export async function userName(db: DbOrTx, userId: string | null) {
	if (!userId) return null;
	const [row] = await db.select({ given: users.givenName, family: users.familyName }).from(users).where(eq(users.id, userId)).limit(1);
	if (!row) return null;
	return [row.given, row.family].filter(Boolean).join(' ') || null;
}
