import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { activities } from '../courses/courses.tables';
import { attemptQuestions, questionVersions, questions, quizAttempts, quizOverrides } from './quiz.tables';

/**
 * Personal data of the assessment engine. Erasure keeps quiz results only as anonymous
 * statistics: attempts lose their user, and the person's own words (essay and short-answer
 * texts) and the trainers' comments about them are removed, so item analysis still counts
 * the marks but nothing links them to a person. Attempts still open are abandoned (nobody can
 * finish them any more). Overrides are deleted; authorship of questions, of overrides and who
 * graded an answer are unlinked.
 */

/** Response types whose content is free text written by the person. */
const freeTextTypes = ['essay', 'shortanswer'];

export const quizPrivacy = {
	domain: 'quizzes',
	declarations: [
		{
			table: 'quiz_attempts',
			userColumns: ['user_id'],
			fields: ['quiz attempts', 'answers given', 'marks and grades', 'start and submission times'],
			purpose: 'quizzes and final tests, course completion',
			erasure: 'anonymised'
		},
		{ table: 'attempt_questions', userColumns: ['graded_by'], fields: ['who graded an essay answer'], purpose: 'hand grading', erasure: 'unlinked' },
		{ table: 'quiz_overrides', userColumns: ['user_id', 'created_by'], fields: ['extra time or attempts granted'], purpose: 'accommodations', erasure: 'deleted' },
		{ table: 'questions', userColumns: ['created_by'], fields: ['questions written'], purpose: 'question bank authorship', erasure: 'unlinked' },
		{ table: 'question_versions', userColumns: ['created_by'], fields: ['question versions written'], purpose: 'question bank authorship', erasure: 'unlinked' }
	],
	async export(db: DbOrTx, userId: string) {
		const attempts = await db
			.select({ attempt: quizAttempts, title: activities.title })
			.from(quizAttempts)
			.innerJoin(activities, eq(activities.id, quizAttempts.quizId))
			.where(eq(quizAttempts.userId, userId))
			.orderBy(asc(quizAttempts.startedAt));
		const ids = attempts.map((a) => a.attempt.id);
		const answers = ids.length
			? await db
					.select({
						attemptId: attemptQuestions.attemptId,
						slot: attemptQuestions.slot,
						question: questionVersions.name,
						response: attemptQuestions.response,
						savedAt: attemptQuestions.savedAt,
						state: attemptQuestions.state,
						mark: attemptQuestions.mark,
						maxMark: attemptQuestions.maxMark,
						comment: attemptQuestions.comment
					})
					.from(attemptQuestions)
					.innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
					.where(inArray(attemptQuestions.attemptId, ids))
					.orderBy(asc(attemptQuestions.attemptId), asc(attemptQuestions.slot))
			: [];
		const overrides = await db.select().from(quizOverrides).where(eq(quizOverrides.userId, userId));
		return {
			data: {
				attempts: attempts.map(({ attempt: a, title }) => ({
					id: a.id,
					quizId: a.quizId,
					quiz: title,
					number: a.number,
					state: a.state,
					startedAt: a.startedAt,
					deadlineAt: a.deadlineAt,
					submittedAt: a.submittedAt,
					finishedBy: a.finishedBy,
					sumMarks: a.sumMarks,
					maxMarks: a.maxMarks,
					percent: a.percent,
					passed: a.passed,
					answers: answers
						.filter((x) => x.attemptId === a.id)
						.map((x) => ({ number: x.slot + 1, question: x.question, response: x.response, savedAt: x.savedAt, state: x.state, mark: x.mark, maxMark: x.maxMark, comment: x.comment }))
				})),
				overrides: overrides.map((o) => ({ quizId: o.quizId, timeLimitSeconds: o.timeLimitSeconds, extraAttempts: o.extraAttempts, closesAt: o.closesAt }))
			}
		};
	},
	async erase(tx: Tx, userId: string) {
		const mine = tx.select({ id: quizAttempts.id }).from(quizAttempts).where(eq(quizAttempts.userId, userId));
		await tx
			.update(attemptQuestions)
			.set({ response: null })
			.where(and(inArray(attemptQuestions.attemptId, mine), sql`${attemptQuestions.response}->>'type' in (${sql.join(freeTextTypes.map((t) => sql`${t}`), sql`, `)})`));
		await tx.update(attemptQuestions).set({ comment: '' }).where(inArray(attemptQuestions.attemptId, mine));
		await tx
			.update(quizAttempts)
			.set({ state: 'abandoned' })
			.where(and(eq(quizAttempts.userId, userId), inArray(quizAttempts.state, ['in_progress', 'overdue'])));
		await tx.update(quizAttempts).set({ userId: null }).where(eq(quizAttempts.userId, userId));
		await tx.update(attemptQuestions).set({ gradedBy: null }).where(eq(attemptQuestions.gradedBy, userId));
		await tx.delete(quizOverrides).where(eq(quizOverrides.userId, userId));
		await tx.update(quizOverrides).set({ createdBy: null }).where(eq(quizOverrides.createdBy, userId));
		await tx.update(questions).set({ createdBy: null }).where(eq(questions.createdBy, userId));
		await tx.update(questionVersions).set({ createdBy: null }).where(eq(questionVersions.createdBy, userId));
	}
} satisfies PrivacyProvider;
