import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { quizFixtures, type QuizFixtureInput } from '../../../../tests/support/quiz-fixtures';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { activityCompletions } from '../courses/courses.tables';
import { quizAttempts, quizOverrides } from './quiz.tables';
import { getAttemptPage, getQuizSummary, saveAnswers, startAttempt, submitAttempt, sweepOverdueAttempts } from './attempts.service';
import { createAttemptSweeper } from './attempts.jobs';

const codeOf = async (work: Promise<unknown>) => {
	try {
		await work;
		return 'ok';
	} catch (error) {
		return (error as { code?: string }).code ?? String(error);
	}
};

describe.each(testDrivers())('time limits and the overdue sweep on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-04-01T08:00:00Z'));
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

	async function started(settings: QuizFixtureInput['settings'], completion: 'submit' | 'pass' = 'submit') {
		clock.set(new Date('2026-04-01T08:00:00Z'));
		const made = await q.quiz({ settings, completion });
		const participant = await people.person();
		await q.enrol(made.course.id, participant.id);
		const base = { slug: made.course.slug, activityId: made.activityId };
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		await saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 0, seq: 1, response: { type: 'single', choice: 'a' } }] });
		return { ...made, participant, base, attemptId };
	}
	const attemptRow = async (id: string) => (await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, id)))[0];

	it('closes an overdue attempt with the answers saved so far when the participant never comes back', async () => {
		const { attemptId, participant, activityId } = await started({ timeLimitSeconds: 600, overdueHandling: 'autosubmit' });
		expect((await attemptRow(attemptId)).deadlineAt?.toISOString()).toBe('2026-04-01T08:10:00.000Z');
		clock.advance(9 * 60_000);
		expect((await sweepOverdueAttempts(deps())).closed).toBe(0);
		clock.advance(2 * 60_000);
		const { closed } = await sweepOverdueAttempts(deps());
		expect(closed).toBeGreaterThanOrEqual(1);
		const row = await attemptRow(attemptId);
		expect(row).toMatchObject({ state: 'finished', finishedBy: 'sweep', sumMarks: 1, percent: 50 });
		expect(row.submittedAt?.toISOString()).toBe('2026-04-01T08:10:00.000Z');
		expect(await database.db.select().from(activityCompletions).where(eq(activityCompletions.activityId, activityId))).toHaveLength(1);
		expect(await codeOf(saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 1, seq: 2, response: { type: 'truefalse', value: true } }] }))).toBe('quiz.attempt_closed');
		expect((await sweepOverdueAttempts(deps())).closed).toBe(0);
	});

	it('submits at the deadline when the participant comes back late, refusing the late answer', async () => {
		const { attemptId, participant } = await started({ timeLimitSeconds: 60 });
		clock.advance(61_000);
		expect(await codeOf(saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 1, seq: 2, response: { type: 'truefalse', value: true } }] }))).toBe('quiz.attempt_closed');
		const row = await attemptRow(attemptId);
		expect(row).toMatchObject({ state: 'finished', finishedBy: 'timeout', sumMarks: 1 });
		expect(row.submittedAt?.toISOString()).toBe('2026-04-01T08:01:00.000Z');
		expect(await submitAttempt(deps(), { attemptId, user: participant })).toEqual({ attemptId, state: 'finished' });
	});

	it('gives a grace period in which only submitting works, then abandons', async () => {
		const { attemptId, participant, base } = await started({ timeLimitSeconds: 60, overdueHandling: 'graceperiod', graceSeconds: 120 });
		clock.advance(90_000);
		expect(await codeOf(saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 1, seq: 2, response: { type: 'truefalse', value: true } }] }))).toBe('quiz.attempt_closed');
		const page = await getAttemptPage(deps(), { attemptId, user: participant, page: 0, locale: 'pl' });
		expect(page.attempt).toMatchObject({ state: 'overdue', inGrace: true });
		expect((await sweepOverdueAttempts(deps())).closed).toBe(0);
		expect(await submitAttempt(deps(), { attemptId, user: participant, answers: [{ slot: 1, seq: 3, response: { type: 'truefalse', value: true } }] })).toEqual({ attemptId, state: 'finished' });
		// answers sent with a submit in the grace period are not stored
		expect(await attemptRow(attemptId)).toMatchObject({ state: 'finished', sumMarks: 1, finishedBy: 'participant' });

		clock.advance(60_000);
		const second = await startAttempt(deps(), { ...base, user: participant });
		clock.advance(60_000 + 121_000);
		expect((await sweepOverdueAttempts(deps())).closed).toBeGreaterThanOrEqual(1);
		expect(await attemptRow(second.attemptId)).toMatchObject({ state: 'abandoned', submittedAt: null, percent: null });
		const summary = await getQuizSummary(deps(), { ...base, user: participant, locale: 'pl' });
		expect(summary.grade).toBe(50);
	});

	it('abandons at the deadline when the quiz says so', async () => {
		const { attemptId, participant } = await started({ timeLimitSeconds: 60, overdueHandling: 'autoabandon' });
		clock.advance(61_000);
		expect(await submitAttempt(deps(), { attemptId, user: participant })).toEqual({ attemptId, state: 'abandoned' });
		expect(await attemptRow(attemptId)).toMatchObject({ state: 'abandoned', sumMarks: null });
	});

	it('uses the override time limit and caps the deadline at the close date', async () => {
		clock.set(new Date('2026-04-01T08:00:00Z'));
		const made = await q.quiz({ settings: { timeLimitSeconds: 600, closesAt: new Date('2026-04-01T09:00:00Z') } });
		const a = await people.person();
		const b = await people.person();
		await q.enrol(made.course.id, a.id);
		await q.enrol(made.course.id, b.id);
		await database.db.insert(quizOverrides).values({ quizId: made.activityId, userId: a.id, timeLimitSeconds: 900 });
		const base = { slug: made.course.slug, activityId: made.activityId };
		const first = await startAttempt(deps(), { ...base, user: a });
		expect((await attemptRow(first.attemptId)).deadlineAt?.toISOString()).toBe('2026-04-01T08:15:00.000Z');
		clock.set(new Date('2026-04-01T08:55:00Z'));
		const second = await startAttempt(deps(), { ...base, user: b });
		expect((await attemptRow(second.attemptId)).deadlineAt?.toISOString()).toBe('2026-04-01T09:00:00.000Z');
	});

	it('runs the sweep from the background job', async () => {
		const { attemptId } = await started({ timeLimitSeconds: 30 });
		clock.advance(31_000);
		const sweeper = createAttemptSweeper({ ...deps(), logger: pino({ level: 'silent' }), intervalMs: 60_000 });
		sweeper.start();
		await sweeper.stop();
		expect((await attemptRow(attemptId)).state).toBe('finished');
	});
});
