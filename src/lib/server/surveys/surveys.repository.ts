import { and, asc, count, eq, gt, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { activities, activityCompletions, courses } from '../courses/courses.tables';
import { users } from '../users/users.tables';
import { surveyAnswers, surveyQuestions, surveyRespondents, surveyResponses, surveys, type SurveyQuestionOptions, type SurveyQuestionType } from './surveys.tables';

/** The survey activity with its settings and course, or undefined. */
export async function findSurvey(db: DbOrTx, activityId: string) {
	const [row] = await db
		.select({
			survey: surveys,
			activity: { id: activities.id, title: activities.title, description: activities.description, completion: activities.completion, type: activities.type },
			course: { id: courses.id, slug: courses.slug, title: courses.title, visibility: courses.visibility, status: courses.status }
		})
		.from(surveys)
		.innerJoin(activities, eq(activities.id, surveys.activityId))
		.innerJoin(courses, eq(courses.id, surveys.courseId))
		.where(eq(surveys.activityId, activityId))
		.limit(1);
	return row;
}

export type SurveyRow = NonNullable<Awaited<ReturnType<typeof findSurvey>>>;

export const listQuestions = (db: DbOrTx, surveyId: string) =>
	db.select().from(surveyQuestions).where(eq(surveyQuestions.surveyId, surveyId)).orderBy(asc(surveyQuestions.position), asc(surveyQuestions.id));

export async function findQuestion(db: DbOrTx, surveyId: string, questionId: string) {
	const [row] = await db
		.select()
		.from(surveyQuestions)
		.where(and(eq(surveyQuestions.surveyId, surveyId), eq(surveyQuestions.id, questionId)))
		.limit(1);
	return row;
}

export async function countResponses(db: DbOrTx, surveyId: string) {
	const [row] = await db.select({ n: count() }).from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId));
	return Number(row?.n ?? 0);
}

export async function hasResponded(db: DbOrTx, surveyId: string, userId: string) {
	const [row] = await db
		.select({ at: surveyRespondents.respondedAt })
		.from(surveyRespondents)
		.where(and(eq(surveyRespondents.surveyId, surveyId), eq(surveyRespondents.userId, userId)))
		.limit(1);
	return !!row;
}

/** Marks the person as having responded; false when they already had (the primary key decides, also under concurrency). */
export async function insertRespondent(db: DbOrTx, row: { surveyId: string; userId: string; respondedAt: Date }) {
	const inserted = await db.insert(surveyRespondents).values(row).onConflictDoNothing().returning({ userId: surveyRespondents.userId });
	return inserted.length === 1;
}

export async function insertResponse(db: DbOrTx, row: { surveyId: string; userId: string | null; submittedOn: string }) {
	const [created] = await db.insert(surveyResponses).values(row).returning({ id: surveyResponses.id });
	return created.id;
}

export async function insertAnswers(db: DbOrTx, rows: (typeof surveyAnswers.$inferInsert)[]) {
	if (rows.length) await db.insert(surveyAnswers).values(rows);
}

export async function completeActivity(db: DbOrTx, row: { activityId: string; userId: string; courseId: string; completedAt: Date }) {
	await db.insert(activityCompletions).values(row).onConflictDoNothing();
}

export async function updateSettings(db: DbOrTx, surveyId: string, values: { anonymous: boolean; opensAt: Date | null; closesAt: Date | null; updatedAt: Date }) {
	await db.update(surveys).set(values).where(eq(surveys.activityId, surveyId));
}

export async function insertQuestion(db: DbOrTx, row: { surveyId: string; type: SurveyQuestionType; text: string; required: boolean; options: SurveyQuestionOptions }) {
	const [last] = await db
		.select({ position: sql<number>`coalesce(max(${surveyQuestions.position}), -1)` })
		.from(surveyQuestions)
		.where(eq(surveyQuestions.surveyId, row.surveyId));
	const [created] = await db
		.insert(surveyQuestions)
		.values({ ...row, position: Number(last?.position ?? -1) + 1 })
		.returning();
	return created;
}

export async function updateQuestion(db: DbOrTx, questionId: string, values: { type: SurveyQuestionType; text: string; required: boolean; options: SurveyQuestionOptions }) {
	await db.update(surveyQuestions).set(values).where(eq(surveyQuestions.id, questionId));
}

export async function deleteQuestion(db: DbOrTx, questionId: string) {
	await db.delete(surveyQuestions).where(eq(surveyQuestions.id, questionId));
}

export async function setPosition(db: DbOrTx, questionId: string, position: number) {
	await db.update(surveyQuestions).set({ position }).where(eq(surveyQuestions.id, questionId));
}

/** Answers with a number or choices (not texts) of a survey, for aggregation. */
export const closedAnswers = (db: DbOrTx, surveyId: string) =>
	db
		.select({ questionId: surveyAnswers.questionId, valueNumber: surveyAnswers.valueNumber, valueChoices: surveyAnswers.valueChoices })
		.from(surveyAnswers)
		.innerJoin(surveyQuestions, eq(surveyQuestions.id, surveyAnswers.questionId))
		.where(and(eq(surveyQuestions.surveyId, surveyId), inArray(surveyQuestions.type, ['rating', 'single', 'multiple', 'numeric'])));

/** How many text answers each question has. */
export const textAnswerCounts = (db: DbOrTx, surveyId: string) =>
	db
		.select({ questionId: surveyAnswers.questionId, n: count() })
		.from(surveyAnswers)
		.innerJoin(surveyQuestions, eq(surveyQuestions.id, surveyAnswers.questionId))
		.where(and(eq(surveyQuestions.surveyId, surveyId), isNotNull(surveyAnswers.valueText)))
		.groupBy(surveyAnswers.questionId);

/**
 * One page of a question's text answers, ordered by their content (never by insertion, so
 * the order of an anonymous survey's answers cannot be matched with who responded when).
 */
export const textAnswers = (db: DbOrTx, questionId: string, limit: number, offset: number) =>
	db
		.select({ text: surveyAnswers.valueText })
		.from(surveyAnswers)
		.where(and(eq(surveyAnswers.questionId, questionId), isNotNull(surveyAnswers.valueText)))
		.orderBy(asc(surveyAnswers.valueText), asc(surveyAnswers.responseId))
		.limit(limit)
		.offset(offset);

/** Every response with its person (named surveys only) for the CSV export, by day then random id. */
export const responsesForExport = (db: DbOrTx, surveyId: string) =>
	db
		.select({ id: surveyResponses.id, submittedOn: surveyResponses.submittedOn, givenName: users.givenName, familyName: users.familyName, email: users.email })
		.from(surveyResponses)
		.leftJoin(users, eq(users.id, surveyResponses.userId))
		.where(eq(surveyResponses.surveyId, surveyId))
		.orderBy(asc(surveyResponses.submittedOn), asc(surveyResponses.id));

export const answersOfSurvey = (db: DbOrTx, surveyId: string) =>
	db
		.select({ responseId: surveyAnswers.responseId, questionId: surveyAnswers.questionId, valueText: surveyAnswers.valueText, valueNumber: surveyAnswers.valueNumber, valueChoices: surveyAnswers.valueChoices })
		.from(surveyAnswers)
		.innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
		.where(eq(surveyResponses.surveyId, surveyId));

/** Answers of the given responses (a person's named responses, for "my data"). */
export const answersOfResponses = (db: DbOrTx, responseIds: string[]) =>
	responseIds.length
		? db
				.select({ responseId: surveyAnswers.responseId, question: surveyQuestions.text, valueText: surveyAnswers.valueText, valueNumber: surveyAnswers.valueNumber, valueChoices: surveyAnswers.valueChoices, options: surveyQuestions.options })
				.from(surveyAnswers)
				.innerJoin(surveyQuestions, eq(surveyQuestions.id, surveyAnswers.questionId))
				.where(inArray(surveyAnswers.responseId, responseIds))
		: Promise.resolve([]);

/** Neighbour of a question in the survey's order (for moving it up or down). */
export async function neighbour(db: DbOrTx, surveyId: string, position: number, direction: 'up' | 'down') {
	const [row] = await db
		.select()
		.from(surveyQuestions)
		.where(and(eq(surveyQuestions.surveyId, surveyId), direction === 'up' ? lt(surveyQuestions.position, position) : gt(surveyQuestions.position, position)))
		.orderBy(direction === 'up' ? sql`${surveyQuestions.position} desc` : asc(surveyQuestions.position))
		.limit(1);
	return row;
}
