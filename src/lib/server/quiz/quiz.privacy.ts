import { and, eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { attemptQuestions, questionVersions, questions, quizAttempts, quizOverrides } from './quiz.tables';

/**
 * Personal data of the assessment engine. Erasure keeps quiz results only as anonymous
 * statistics: attempts lose their user (and essay texts and trainer comments, which are
 * the person's words), so item analysis still counts them; overrides are deleted; authorship
 * of questions and who graded an answer are unlinked.
 * OWNER: helper "engine" (first version by the lead).
 */
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
		const attempts = await db.select().from(quizAttempts).where(eq(quizAttempts.userId, userId));
		const answers = [];
		for (const attempt of attempts) {
			const rows = await db
				.select({ slot: attemptQuestions.slot, response: attemptQuestions.response, mark: attemptQuestions.mark, maxMark: attemptQuestions.maxMark, comment: attemptQuestions.comment })
				.from(attemptQuestions)
				.where(eq(attemptQuestions.attemptId, attempt.id));
			answers.push({ attemptId: attempt.id, questions: rows });
		}
		const overrides = await db.select().from(quizOverrides).where(eq(quizOverrides.userId, userId));
		return {
			data: {
				attempts: attempts.map((a) => ({
					id: a.id,
					quizId: a.quizId,
					number: a.number,
					state: a.state,
					startedAt: a.startedAt,
					submittedAt: a.submittedAt,
					percent: a.percent,
					passed: a.passed
				})),
				answers,
				overrides: overrides.map((o) => ({ quizId: o.quizId, timeLimitSeconds: o.timeLimitSeconds, extraAttempts: o.extraAttempts, closesAt: o.closesAt }))
			}
		};
	},
	async erase(tx: Tx, userId: string) {
		const attempts = await tx.select({ id: quizAttempts.id }).from(quizAttempts).where(eq(quizAttempts.userId, userId));
		for (const attempt of attempts) {
			// Essays and comments are the person's (and about the person's) words: removed; marks stay.
			const rows = await tx.select({ slot: attemptQuestions.slot, response: attemptQuestions.response }).from(attemptQuestions).where(eq(attemptQuestions.attemptId, attempt.id));
			for (const row of rows) {
				const text = row.response && (row.response.type === 'essay' || row.response.type === 'shortanswer');
				if (text) await tx.update(attemptQuestions).set({ response: null }).where(and(eq(attemptQuestions.attemptId, attempt.id), eq(attemptQuestions.slot, row.slot)));
			}
			await tx.update(attemptQuestions).set({ comment: '' }).where(eq(attemptQuestions.attemptId, attempt.id));
		}
		await tx.update(quizAttempts).set({ userId: null }).where(eq(quizAttempts.userId, userId));
		await tx.update(attemptQuestions).set({ gradedBy: null }).where(eq(attemptQuestions.gradedBy, userId));
		await tx.delete(quizOverrides).where(eq(quizOverrides.userId, userId));
		await tx.update(quizOverrides).set({ createdBy: null }).where(eq(quizOverrides.createdBy, userId));
		await tx.update(questions).set({ createdBy: null }).where(eq(questions.createdBy, userId));
		await tx.update(questionVersions).set({ createdBy: null }).where(eq(questionVersions.createdBy, userId));
	}
} satisfies PrivacyProvider;
