import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { answersOfResponses } from './surveys.repository';
import { surveyRespondents, surveyResponses } from './surveys.tables';

/**
 * Personal data of surveys: that a person responded, and the answers of named (not
 * anonymous) surveys. Anonymous answers carry no user and cannot be exported or erased
 * per person (nothing links them to anyone). Erasure deletes the "responded" marks and
 * turns named responses into anonymous ones (the aggregated results stay).
 */
export const surveysPrivacy = {
	domain: 'surveys',
	declarations: [
		{ table: 'survey_respondents', userColumns: ['user_id'], fields: ['surveys responded to', 'when'], purpose: 'one response per participant', erasure: 'deleted' },
		{ table: 'survey_responses', userColumns: ['user_id'], fields: ['answers to named surveys'], purpose: 'course surveys', erasure: 'anonymised' }
	],
	async export(db: DbOrTx, userId: string) {
		const responded = await db.select().from(surveyRespondents).where(eq(surveyRespondents.userId, userId));
		const named = await db.select().from(surveyResponses).where(eq(surveyResponses.userId, userId));
		const answers = await answersOfResponses(
			db,
			named.map((r) => r.id)
		);
		const answerOf = (a: (typeof answers)[number]) => a.valueText ?? a.valueNumber ?? (a.valueChoices ?? []).map((i) => a.options.choices?.[i] ?? String(i));
		return {
			data: {
				responded: responded.map((r) => ({ surveyId: r.surveyId, respondedAt: r.respondedAt })),
				namedResponses: named.map((r) => ({
					id: r.id,
					surveyId: r.surveyId,
					submittedOn: r.submittedOn,
					answers: answers.filter((a) => a.responseId === r.id).map((a) => ({ question: a.question, answer: answerOf(a) }))
				}))
			}
		};
	},
	async erase(tx: Tx, userId: string) {
		await tx.delete(surveyRespondents).where(eq(surveyRespondents.userId, userId));
		await tx.update(surveyResponses).set({ userId: null }).where(eq(surveyResponses.userId, userId));
	}
} satisfies PrivacyProvider;
