import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, describeOnPostgres } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { quizFixtures, sampleQuestions, type QuizFixtureInput } from '../../../../tests/support/quiz-fixtures';
import { systemClock } from '../platform/clock';
import { openDatabase, type Database } from '../db/client';
import { activityCompletions } from '../courses/courses.tables';
import { attemptQuestions, quizAttempts } from './quiz.tables';
import { saveAnswers, startAttempt, submitAttempt, sweepOverdueAttempts } from './attempts.service';
import type { SaveAnswer } from '../../types/quiz';

/**
 * Races on real PostgreSQL only: PGlite is a single connection and serialises everything,
 * so it cannot show a race. Without DATABASE_URL the suite is reported skipped; under CI
 * DATABASE_URL is always set (tests/support/db.ts).
 */
const driver = 'postgres';

const outcome = async <T>(work: Promise<T>) => {
	try {
		return { ok: true as const, value: await work };
	} catch (error) {
		return { ok: false as const, code: (error as { code?: string }).code ?? String(error) };
	}
};

describeOnPostgres('attempts under concurrency on postgres', () => {
	let database: Database & { url?: string };
	/** A second pool, so requests really run on separate connections in parallel. */
	let second: Database;
	let people: ReturnType<typeof discussionFixtures>;
	let q: ReturnType<typeof quizFixtures>;
	const depsA = () => ({ db: database.db, clock: systemClock });
	const depsB = () => ({ db: second.db, clock: systemClock });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		second = await openDatabase({ url: database.url!, poolMax: 8 });
		people = discussionFixtures(database.db);
		// Test-only audit of every write that leaves an attempt finished: a double grading would log twice.
		await database.db.execute(sql`create table finish_log (attempt_id uuid not null, at timestamptz not null default clock_timestamp())`);
		await database.db.execute(
			sql.raw(`create function log_finish() returns trigger language plpgsql as $$ begin insert into finish_log (attempt_id) values (new.id); return new; end $$`)
		);
		await database.db.execute(sql.raw(`create trigger quiz_attempts_finish_log after update on quiz_attempts for each row when (new.state = 'finished') execute function log_finish()`));
		q = quizFixtures(database.db);
	});
	afterAll(async () => {
		await second?.close();
		await database?.close();
	});

	async function setup(settings: QuizFixtureInput['settings'] = {}) {
		const questions = [sampleQuestions.single(), sampleQuestions.truefalse(), sampleQuestions.shortanswer(), sampleQuestions.numerical(), sampleQuestions.multiple(), sampleQuestions.single()];
		const made = await q.quiz({ questions, completion: 'submit', settings });
		const participant = await people.person();
		await q.enrol(made.course.id, participant.id);
		return { ...made, participant, base: { slug: made.course.slug, activityId: made.activityId } };
	}

	it('two tabs starting at once get one attempt', async () => {
		const { base, participant, activityId } = await setup();
		const results = await Promise.all(Array.from({ length: 8 }, (_, i) => startAttempt(i % 2 ? depsA() : depsB(), { ...base, user: participant })));
		expect(new Set(results.map((r) => r.attemptId)).size).toBe(1);
		expect(await database.db.select().from(quizAttempts).where(eq(quizAttempts.quizId, activityId))).toHaveLength(1);
	});

	it('N parallel submissions give one finished attempt, graded once, with one completion', async () => {
		const { base, participant, activityId } = await setup();
		const { attemptId } = await startAttempt(depsA(), { ...base, user: participant });
		await saveAnswers(depsA(), { attemptId, user: participant, answers: [{ slot: 0, seq: 1, response: { type: 'single', choice: 'a' } }] });
		const results = await Promise.all(Array.from({ length: 12 }, (_, i) => outcome(submitAttempt(i % 2 ? depsA() : depsB(), { attemptId, user: participant }))));
		expect(results.every((r) => r.ok && r.value.state === 'finished')).toBe(true);
		const rows = await database.db.select().from(quizAttempts).where(eq(quizAttempts.quizId, activityId));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ state: 'finished', finishedBy: 'participant' });
		// graded once: exactly one write put the attempt into 'finished'
		const log = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from finish_log where attempt_id = ${attemptId}`);
		expect(Number((log as unknown as { n: number }[])[0].n)).toBe(1);
		expect(await database.db.select().from(activityCompletions).where(eq(activityCompletions.activityId, activityId))).toHaveLength(1);
	});

	it('autosave racing submission: every save is stored before the submit and counted, or refused', async () => {
		for (let round = 0; round < 3; round++) {
			const { base, participant } = await setup();
			const { attemptId } = await startAttempt(depsA(), { ...base, user: participant });
			const answers: SaveAnswer[][] = [
				[{ slot: 0, seq: 1, response: { type: 'single', choice: 'a' } }],
				[{ slot: 1, seq: 1, response: { type: 'truefalse', value: true } }],
				[{ slot: 2, seq: 1, response: { type: 'shortanswer', text: 'rodo' } }],
				[{ slot: 3, seq: 1, response: { type: 'numerical', text: '72 h' } }],
				[{ slot: 4, seq: 1, response: { type: 'multiple', choices: ['a', 'b'] } }],
				[{ slot: 5, seq: 1, response: { type: 'single', choice: 'a' } }]
			];
			const saves = answers.map((a, i) => outcome(saveAnswers(i % 2 ? depsA() : depsB(), { attemptId, user: participant, answers: a })));
			const submit = outcome(submitAttempt(round % 2 ? depsA() : depsB(), { attemptId, user: participant }));
			const [results, submitted] = await Promise.all([Promise.all(saves), submit]);
			expect(submitted.ok).toBe(true);
			const attempt = (await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)))[0];
			const rows = await database.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, attemptId)).orderBy(attemptQuestions.slot);
			results.forEach((r, slot) => {
				const row = rows.find((x) => x.slot === slot)!;
				if (r.ok) {
					// stored before the submission, and graded with it
					expect(row.response).not.toBeNull();
					expect(row.savedAt!.getTime()).toBeLessThanOrEqual(attempt.submittedAt!.getTime());
					expect(row.state).toBe('correct');
				} else {
					expect(r.code).toBe('quiz.attempt_closed');
					expect(row.response).toBeNull();
				}
			});
			const stored = results.filter((r) => r.ok).length;
			expect(attempt.sumMarks).toBeCloseTo(rows.filter((r) => r.state === 'correct').reduce((s, r) => s + r.maxMark, 0), 6);
			expect(rows.filter((r) => r.response !== null)).toHaveLength(stored);
		}
	});

	it('two sweepers and a late request close an overdue attempt once', async () => {
		const { base, participant, activityId } = await setup({ timeLimitSeconds: 1 });
		const { attemptId } = await startAttempt(depsA(), { ...base, user: participant });
		await saveAnswers(depsA(), { attemptId, user: participant, answers: [{ slot: 0, seq: 1, response: { type: 'single', choice: 'a' } }] });
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const [a, b, c] = await Promise.all([
			sweepOverdueAttempts(depsA()),
			sweepOverdueAttempts(depsB()),
			outcome(submitAttempt(depsB(), { attemptId, user: participant }))
		]);
		expect(c.ok).toBe(true);
		expect(a.closed + b.closed).toBeLessThanOrEqual(1);
		const [row] = await database.db.select().from(quizAttempts).where(and(eq(quizAttempts.quizId, activityId), eq(quizAttempts.userId, participant.id)));
		expect(row).toMatchObject({ state: 'finished', sumMarks: 1 });
		expect(['timeout', 'sweep']).toContain(row.finishedBy);
		const log = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from finish_log where attempt_id = ${attemptId}`);
		expect(Number((log as unknown as { n: number }[])[0].n)).toBe(1);
		expect(await database.db.select().from(activityCompletions).where(eq(activityCompletions.activityId, activityId))).toHaveLength(1);
	});
});
