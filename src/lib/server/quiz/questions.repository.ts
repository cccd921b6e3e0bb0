import { and, asc, count, countDistinct, desc, eq, ilike, inArray, isNull, max, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../db/like';
import type { DbOrTx } from '../db/client';
import { courses } from '../courses/courses.tables';
import { users } from '../users/users.tables';
import { attemptQuestions, questionCategories, questionVersions, questions, quizSlots } from './quiz.tables';

export type CategoryRow = typeof questionCategories.$inferSelect;
export type QuestionRow = typeof questions.$inferSelect;
export type VersionRow = typeof questionVersions.$inferSelect;

export async function findCourse(db: DbOrTx, courseId: string) {
	const [row] = await db.select({ id: courses.id, slug: courses.slug, title: courses.title }).from(courses).where(eq(courses.id, courseId)).limit(1);
	return row;
}

/** Categories of a course in display order, with how many questions each holds (active and archived). */
export async function listCategories(db: DbOrTx, courseId: string) {
	return db
		.select({
			id: questionCategories.id,
			name: questionCategories.name,
			description: questionCategories.description,
			position: questionCategories.position,
			questionCount: sql<number>`count(${questions.id}) filter (where ${questions.archivedAt} is null)`.mapWith(Number),
			archivedCount: sql<number>`count(${questions.id}) filter (where ${questions.archivedAt} is not null)`.mapWith(Number)
		})
		.from(questionCategories)
		.leftJoin(questions, eq(questions.categoryId, questionCategories.id))
		.where(eq(questionCategories.courseId, courseId))
		.groupBy(questionCategories.id)
		.orderBy(asc(questionCategories.position), asc(questionCategories.name));
}

export async function findCategory(db: DbOrTx, courseId: string, categoryId: string) {
	const [row] = await db
		.select()
		.from(questionCategories)
		.where(and(eq(questionCategories.id, categoryId), eq(questionCategories.courseId, courseId)))
		.limit(1);
	return row;
}

export async function findCategoryByName(db: DbOrTx, courseId: string, name: string) {
	const [row] = await db
		.select()
		.from(questionCategories)
		.where(and(eq(questionCategories.courseId, courseId), eq(questionCategories.name, name)))
		.limit(1);
	return row;
}

export async function nextCategoryPosition(db: DbOrTx, courseId: string) {
	const [row] = await db.select({ top: max(questionCategories.position) }).from(questionCategories).where(eq(questionCategories.courseId, courseId));
	return (row?.top ?? -1) + 1;
}

export async function insertCategory(db: DbOrTx, values: typeof questionCategories.$inferInsert) {
	const [row] = await db.insert(questionCategories).values(values).returning();
	return row;
}

export async function updateCategory(db: DbOrTx, categoryId: string, values: Partial<Pick<CategoryRow, 'name' | 'description' | 'position'>>) {
	await db.update(questionCategories).set(values).where(eq(questionCategories.id, categoryId));
}

export async function deleteCategory(db: DbOrTx, categoryId: string) {
	await db.delete(questionCategories).where(eq(questionCategories.id, categoryId));
}

export async function countQuestionsIn(db: DbOrTx, categoryId: string) {
	const [row] = await db.select({ n: count() }).from(questions).where(eq(questions.categoryId, categoryId));
	return row?.n ?? 0;
}

export async function categoryUsedBySlots(db: DbOrTx, categoryId: string) {
	const [row] = await db.select({ n: count() }).from(quizSlots).where(eq(quizSlots.randomCategoryId, categoryId));
	return (row?.n ?? 0) > 0;
}

export interface QuestionFilter {
	courseId: string;
	categoryId?: string;
	search?: string;
	includeArchived?: boolean;
}

/** `%` and `_` in what a person types are literal characters, not patterns. */

function questionWhere(filter: QuestionFilter): SQL | undefined {
	const parts: (SQL | undefined)[] = [eq(questions.courseId, filter.courseId)];
	if (filter.categoryId) parts.push(eq(questions.categoryId, filter.categoryId));
	if (!filter.includeArchived) parts.push(isNull(questions.archivedAt));
	if (filter.search) parts.push(ilike(questionVersions.name, containsPattern(filter.search)));
	return and(...parts);
}

/** Questions of a bank with their current version's name and type, newest change first. */
export async function listQuestions(db: DbOrTx, filter: QuestionFilter, page: { limit: number; offset: number }) {
	const usedIn = db
		.select({ questionId: quizSlots.questionId, quizzes: countDistinct(quizSlots.quizId).as('quizzes') })
		.from(quizSlots)
		.groupBy(quizSlots.questionId)
		.as('used_in');
	const rows = await db
		.select({
			id: questions.id,
			name: questionVersions.name,
			type: questionVersions.type,
			categoryId: questions.categoryId,
			categoryName: questionCategories.name,
			currentVersion: questions.currentVersion,
			archivedAt: questions.archivedAt,
			updatedAt: questions.updatedAt,
			usedInQuizzes: sql<number>`coalesce(${usedIn.quizzes}, 0)`.mapWith(Number)
		})
		.from(questions)
		.innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
		.innerJoin(questionCategories, eq(questionCategories.id, questions.categoryId))
		.leftJoin(usedIn, eq(usedIn.questionId, questions.id))
		.where(questionWhere(filter))
		.orderBy(desc(questions.updatedAt), asc(questionVersions.name), asc(questions.id))
		.limit(page.limit)
		.offset(page.offset);
	const [total] = await db
		.select({ n: count() })
		.from(questions)
		.innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
		.where(questionWhere(filter));
	return { rows, total: total?.n ?? 0 };
}

/** Every question of a bank (or one category) with its current version, for export. */
export async function currentVersions(db: DbOrTx, courseId: string, categoryId?: string) {
	return db
		.select({ version: questionVersions, categoryName: questionCategories.name, categoryPosition: questionCategories.position })
		.from(questions)
		.innerJoin(questionVersions, and(eq(questionVersions.questionId, questions.id), eq(questionVersions.version, questions.currentVersion)))
		.innerJoin(questionCategories, eq(questionCategories.id, questions.categoryId))
		.where(and(eq(questions.courseId, courseId), isNull(questions.archivedAt), categoryId ? eq(questions.categoryId, categoryId) : undefined))
		.orderBy(asc(questionCategories.position), asc(questionCategories.name), asc(questions.createdAt), asc(questions.id));
}

export async function findQuestion(db: DbOrTx, courseId: string, questionId: string, opts: { forUpdate?: boolean } = {}) {
	const query = db
		.select()
		.from(questions)
		.where(and(eq(questions.id, questionId), eq(questions.courseId, courseId)))
		.limit(1);
	const [row] = opts.forUpdate ? await query.for('update') : await query;
	return row;
}

export async function findVersion(db: DbOrTx, questionId: string, version: number) {
	const [row] = await db
		.select()
		.from(questionVersions)
		.where(and(eq(questionVersions.questionId, questionId), eq(questionVersions.version, version)))
		.limit(1);
	return row;
}

/** The version history, newest first, with who wrote each version. */
export async function listVersions(db: DbOrTx, questionId: string) {
	return db
		.select({
			id: questionVersions.id,
			version: questionVersions.version,
			name: questionVersions.name,
			type: questionVersions.type,
			createdAt: questionVersions.createdAt,
			givenName: users.givenName,
			familyName: users.familyName
		})
		.from(questionVersions)
		.leftJoin(users, eq(users.id, questionVersions.createdBy))
		.where(eq(questionVersions.questionId, questionId))
		.orderBy(desc(questionVersions.version));
}

export async function insertQuestion(db: DbOrTx, values: typeof questions.$inferInsert) {
	const [row] = await db.insert(questions).values(values).returning();
	return row;
}

export async function insertVersion(db: DbOrTx, values: typeof questionVersions.$inferInsert) {
	const [row] = await db.insert(questionVersions).values(values).returning();
	return row;
}

export async function updateQuestion(db: DbOrTx, questionId: string, values: Partial<Pick<QuestionRow, 'currentVersion' | 'categoryId' | 'archivedAt' | 'updatedAt'>>) {
	await db.update(questions).set(values).where(eq(questions.id, questionId));
}

export async function deleteQuestion(db: DbOrTx, questionId: string) {
	await db.delete(questions).where(eq(questions.id, questionId));
}

/** Whether a quiz slot names the question or an attempt used one of its versions. */
export async function questionInUse(db: DbOrTx, questionId: string) {
	const [slot] = await db.select({ n: count() }).from(quizSlots).where(eq(quizSlots.questionId, questionId));
	if ((slot?.n ?? 0) > 0) return true;
	const versionIds = db.select({ id: questionVersions.id }).from(questionVersions).where(eq(questionVersions.questionId, questionId));
	const [used] = await db.select({ n: count() }).from(attemptQuestions).where(inArray(attemptQuestions.questionVersionId, versionIds));
	return (used?.n ?? 0) > 0;
}
