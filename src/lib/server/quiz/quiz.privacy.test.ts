import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { quizFixtures, sampleQuestions } from '../../../../tests/support/quiz-fixtures';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { attemptQuestions, quizAttempts, quizOverrides } from './quiz.tables';
import { saveAnswers, startAttempt, submitAttempt } from './attempts.service';
import { quizPrivacy } from './quiz.privacy';

describe.each(testDrivers())('personal data of quizzes on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-05-05T09:00:00Z'));
	let people: ReturnType<typeof discussionFixtures>;
	let q: ReturnType<typeof quizFixtures>;
	const deps = () => ({ db: database.db, clock });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		people = discussionFixtures(database.db);
		q = quizFixtures(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	async function twoAttempts() {
		const made = await q.quiz({ questions: [sampleQuestions.single(), sampleQuestions.shortanswer(), sampleQuestions.essay()], settings: { attemptsAllowed: 0 } });
		const person = await people.person();
		const other = await people.person();
		const trainer = await people.person({ roles: ['trainer'] });
		for (const p of [person, other]) await q.enrol(made.course.id, p.id);
		await q.addTrainer(made.course.id, trainer.id);
		const base = { slug: made.course.slug, activityId: made.activityId };
		const { attemptId } = await startAttempt(deps(), { ...base, user: person });
		await saveAnswers(deps(), {
			attemptId,
			user: person,
			answers: [
				{ slot: 0, seq: 1, response: { type: 'single', choice: 'a' } },
				{ slot: 1, seq: 1, response: { type: 'shortanswer', text: 'Rodo Żółwiowskiego' } },
				{ slot: 2, seq: 1, response: { type: 'essay', text: 'Zgłosiłbym to Hieronimowi Ęślowskiemu z IOD.' } }
			]
		});
		await submitAttempt(deps(), { attemptId, user: person });
		await database.db.update(attemptQuestions).set({ comment: 'Uwaga dla Hieronima', gradedBy: trainer.id, state: 'graded', fraction: 1, mark: 5 }).where(eq(attemptQuestions.attemptId, attemptId));
		clock.advance(60_000);
		const open = await startAttempt(deps(), { ...base, user: person });
		const otherAttempt = await startAttempt(deps(), { ...base, user: other });
		await saveAnswers(deps(), { attemptId: otherAttempt.attemptId, user: other, answers: [{ slot: 2, seq: 1, response: { type: 'essay', text: 'Tekst innej osoby' } }] });
		await database.db.insert(quizOverrides).values({ quizId: made.activityId, userId: person.id, extraAttempts: 2, createdBy: trainer.id });
		return { ...made, person, other, trainer, attemptId, openId: open.attemptId, otherAttemptId: otherAttempt.attemptId };
	}

	it('exports every attempt with its answers, marks and comments', async () => {
		const { person, attemptId, openId } = await twoAttempts();
		const { data } = await quizPrivacy.export(database.db, person.id);
		const attempts = data.attempts as { id: string; quiz: string; answers: { question: string; response: unknown; comment: string }[] }[];
		expect(attempts.map((a) => a.id)).toEqual([attemptId, openId]);
		expect(attempts[0].quiz).toBe('Test końcowy');
		expect(attempts[0].answers).toHaveLength(3);
		expect(attempts[0].answers[2]).toMatchObject({ question: 'Opis', response: { type: 'essay', text: 'Zgłosiłbym to Hieronimowi Ęślowskiemu z IOD.' }, comment: 'Uwaga dla Hieronima' });
		expect(data.overrides).toEqual([expect.objectContaining({ extraAttempts: 2 })]);
		expect(JSON.stringify(data)).not.toContain('Tekst innej osoby');
	});

	it('erasure keeps attempts as anonymous statistics without the person’s words, and leaves others alone', async () => {
		const { person, other, trainer, attemptId, openId, otherAttemptId, activityId } = await twoAttempts();
		await database.db.transaction((tx) => quizPrivacy.erase(tx, person.id));

		const attempts = await database.db.select().from(quizAttempts).where(eq(quizAttempts.quizId, activityId));
		expect(attempts.filter((a) => a.userId === person.id)).toHaveLength(0);
		const finished = attempts.find((a) => a.id === attemptId)!;
		expect(finished).toMatchObject({ userId: null, state: 'finished', sumMarks: 1, maxMarks: 7 });
		expect(attempts.find((a) => a.id === openId)).toMatchObject({ userId: null, state: 'abandoned' });
		const rows = await database.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, attemptId)).orderBy(attemptQuestions.slot);
		expect(rows.map((r) => r.response)).toEqual([{ type: 'single', choice: 'a' }, null, null]);
		expect(rows.map((r) => r.mark)).toEqual([5, 5, 5]);
		expect(rows.every((r) => r.comment === '' && r.gradedBy === trainer.id)).toBe(true);
		expect(await database.db.select().from(quizOverrides).where(eq(quizOverrides.userId, person.id))).toHaveLength(0);
		// the other participant keeps everything
		const others = await database.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, otherAttemptId));
		expect(others.find((r) => r.slot === 2)?.response).toEqual({ type: 'essay', text: 'Tekst innej osoby' });
		expect((await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, otherAttemptId)))[0].userId).toBe(other.id);
		expect((await quizPrivacy.export(database.db, person.id)).data.attempts).toEqual([]);

		// erasing the trainer unlinks who graded
		await database.db.transaction((tx) => quizPrivacy.erase(tx, trainer.id));
		const after = await database.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, attemptId));
		expect(after.every((r) => r.gradedBy === null)).toBe(true);
	});
});
