import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { quizFixtures, sampleQuestions } from '../../../../tests/support/quiz-fixtures';
import { insertFinishedAttempt, type AnswerInput } from '../../../../tests/e2e/support/quizadmin-seed';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { attemptQuestions, questionVersions, questions, quizAttempts } from './quiz.tables';
import { attemptsFilterSchema } from './quiz.schemas';
import * as reports from './quiz.reports';

const codeOf = async (work: Promise<unknown>) => {
	try {
		await work;
		return 'ok';
	} catch (error) {
		return (error as { code?: string }).code ?? String(error);
	}
};
const allFilter = attemptsFilterSchema.parse({});
const HEADERS = ['Imię i nazwisko', 'E-mail', 'Podejście', 'Stan', 'Rozpoczęte', 'Przesłane', 'Czas (s)', 'Wynik (%)', 'Zaliczone'];

describe('pearson correlation', () => {
	it('is 1 for a perfect rise, -1 for a perfect fall, and null without variance or with one point', () => {
		expect(reports.pearson([0, 1, 2], [1, 3, 5])).toBeCloseTo(1);
		expect(reports.pearson([0, 1, 2], [5, 3, 1])).toBeCloseTo(-1);
		expect(reports.pearson([1, 1, 1], [0, 1, 2])).toBeNull();
		expect(reports.pearson([1], [1])).toBeNull();
	});
});

describe.each(testDrivers())('quiz reports on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-03-10T09:00:00Z'));
	let people: ReturnType<typeof discussionFixtures>;
	let q: ReturnType<typeof quizFixtures>;
	const deps = () => ({ db: database.db, clock });
	const minutes = (n: number) => new Date(clock.now().getTime() + n * 60_000);

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		people = discussionFixtures(database.db);
		q = quizFixtures(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	/** single (1) + essay (5) quiz, three participants: one essay awaiting grading. */
	async function setup() {
		const trainer = await people.person({ roles: ['trainer'] });
		const made = await q.quiz({ questions: [sampleQuestions.single(), sampleQuestions.essay()], settings: { passPercent: 50 } });
		await q.addTrainer(made.course.id, trainer.id);
		const [single, essay] = made.questions;
		const answer = (choice: string, essayText: string, essayFraction: number | null): AnswerInput[] => [
			{ slot: 0, versionId: single.versionId, maxMark: 1, response: { type: 'single', choice }, fraction: choice === 'a' ? 1 : 0, state: choice === 'a' ? 'correct' : 'incorrect' },
			{ slot: 1, versionId: essay.versionId, maxMark: 5, response: { type: 'essay', text: essayText }, fraction: essayFraction, state: essayFraction === null ? 'needs_grading' : 'graded' }
		];
		const ala = await people.person({ givenName: 'Alicja' });
		const formula = await people.person({ givenName: "=cmd|' /C calc'!A0" });
		const zenon = await people.person({ givenName: 'Zenon' });
		for (const p of [ala, formula, zenon]) await q.enrol(made.course.id, p.id);
		const waiting = await insertFinishedAttempt(database.db, { quizId: made.activityId, userId: ala.id, number: 1, startedAt: minutes(0), submittedAt: minutes(10), answers: answer('a', 'Zgłaszam do IOD.', null), passPercent: 50 });
		await insertFinishedAttempt(database.db, { quizId: made.activityId, userId: formula.id, number: 1, startedAt: minutes(1), submittedAt: minutes(4), answers: answer('b', 'Nie wiem.', 0), passPercent: 50 });
		await insertFinishedAttempt(database.db, { quizId: made.activityId, userId: zenon.id, number: 1, startedAt: minutes(2), submittedAt: minutes(20), answers: answer('a', 'Do IOD i UODO.', 0.8), passPercent: 50 });
		return { trainer, made, ids: { actor: trainer, courseId: made.course.id, activityId: made.activityId }, waiting, people: { ala, formula, zenon } };
	}

	it('lists attempts with names, duration and percent, filtered by state, pass and name', async () => {
		const { ids } = await setup();
		const all = await reports.listAttempts(deps(), { ...ids, filter: allFilter });
		expect(all.total).toBe(3);
		expect(all.attempts.map((a) => a.name?.split(' ')[0])).toEqual(['Zenon', "=cmd|'", 'Alicja']);
		expect(all.attempts[0]).toMatchObject({ durationSeconds: 18 * 60, passed: true, finishedBy: 'participant' });
		expect(all.attempts[0].percent).toBeCloseTo((5 / 6) * 100);
		const waiting = await reports.listAttempts(deps(), { ...ids, filter: { ...allFilter, state: 'needs_grading' } });
		expect(waiting.attempts.map((a) => a.name?.split(' ')[0])).toEqual(['Alicja']);
		const failed = await reports.listAttempts(deps(), { ...ids, filter: { ...allFilter, passed: 'failed' } });
		expect(failed.total).toBe(1);
		const byName = await reports.listAttempts(deps(), { ...ids, filter: { ...allFilter, q: 'zENON testowa' } });
		expect(byName.total).toBe(1);
		const wildcard = await reports.listAttempts(deps(), { ...ids, filter: { ...allFilter, q: '%' } });
		expect(wildcard.total).toBe(0);
	});

	it('exports attempts as CSV with per-question marks, a formula-like name shown as text', async () => {
		const { ids } = await setup();
		const csv = await reports.attemptsCsv(deps(), { ...ids, filter: allFilter, headers: HEADERS });
		const lines = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
		expect(lines[0]).toBe([...HEADERS, 'Q1', 'Q2'].map((h) => `"${h}"`).join(','));
		expect(lines).toHaveLength(4);
		const formulaLine = lines.find((l) => l.includes('cmd'))!;
		expect(formulaLine.startsWith(`"'=cmd|' /C calc'!A0 Testowa"`)).toBe(true);
		expect(formulaLine.endsWith(',0,0')).toBe(true);
		expect(lines.find((l) => l.includes('Alicja'))!.endsWith(',1,""')).toBe(true);
	});

	it('queues essays awaiting grading oldest first, and grading one updates the attempt in one go', async () => {
		const { ids, waiting, trainer } = await setup();
		const queue = await reports.gradingQueue(deps(), ids);
		expect(queue.items).toHaveLength(1);
		expect(queue.items[0]).toMatchObject({ attemptId: waiting.id, slot: 1, maxMark: 5, questionName: 'Opis' });
		const item = await reports.getGradingItem(deps(), { ...ids, attemptId: waiting.id, slot: 1 });
		expect(item.question.answerText).toBe('Zgłaszam do IOD.');
		expect(item.question.graderInfoHtml).toContain('24 godzin');
		expect(await codeOf(reports.gradeAnswer(deps(), { ...ids, attemptId: waiting.id, slot: 1, mark: 5.5, comment: '' }))).toBe('quiz.mark_out_of_range');

		await reports.gradeAnswer(deps(), { ...ids, attemptId: waiting.id, slot: 1, mark: 3.5, comment: 'Brakuje terminu dla UODO.' });
		const [aq] = await database.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, waiting.id)).then((rows) => rows.filter((r) => r.slot === 1));
		expect(aq).toMatchObject({ mark: 3.5, fraction: 0.7, state: 'graded', comment: 'Brakuje terminu dla UODO.', gradedBy: trainer.id });
		const [attempt] = await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, waiting.id));
		expect(attempt).toMatchObject({ needsGrading: false, sumMarks: 4.5, passed: true });
		expect(attempt.percent).toBeCloseTo(75);
		expect((await reports.gradingQueue(deps(), ids)).items).toHaveLength(0);
	});

	it('regrades after a question fix: moves answers to the new version, keeps hand grades, counts changed attempts', async () => {
		const { ids, made } = await setup();
		const single = made.questions[0];
		const fixed = sampleQuestions.single();
		if (fixed.data.type === 'single') fixed.data = { ...fixed.data, choices: fixed.data.choices.map((c) => ({ ...c, fraction: c.id === 'b' ? 1 : 0 })) };
		await database.db.insert(questionVersions).values({ questionId: single.questionId, version: 2, type: 'single', ...fixed });
		await database.db.update(questions).set({ currentVersion: 2 }).where(eq(questions.id, single.questionId));

		const same = await reports.regrade(deps(), { ...ids, questionId: single.questionId, toCurrentVersion: false });
		expect(same).toEqual({ checked: 3, changed: 0 });
		const moved = await reports.regrade(deps(), { ...ids, questionId: single.questionId, toCurrentVersion: true });
		expect(moved).toEqual({ checked: 3, changed: 3 });
		const rows = await reports.listAttempts(deps(), { ...ids, filter: allFilter });
		const byName = Object.fromEntries(rows.attempts.map((a) => [a.name?.split(' ')[0], a]));
		// Formula person answered b (now right): 1 of 6; Zenon a (now wrong) with essay 4/5: 4 of 6.
		expect(byName["=cmd|'"].percent).toBeCloseTo((1 / 6) * 100);
		expect(byName.Zenon.percent).toBeCloseTo((4 / 6) * 100);
		const essays = await database.db.select().from(attemptQuestions).where(inArray(attemptQuestions.attemptId, rows.attempts.map((a) => a.id)));
		expect(essays.filter((e) => e.slot === 1).map((e) => [e.state, e.fraction]).sort()).toEqual([['graded', 0], ['graded', 0.8], ['needs_grading', null]]);
		expect(essays.filter((e) => e.slot === 0).every((e) => e.questionVersionId !== single.versionId)).toBe(true);
	});

	it('analyses items over the first graded attempt of each person', async () => {
		const trainer = await people.person({ roles: ['trainer'] });
		const made = await q.quiz({ questions: [sampleQuestions.single(), sampleQuestions.truefalse()] });
		await q.addTrainer(made.course.id, trainer.id);
		const [s, tf] = made.questions;
		const answers = (a: number, b: number): AnswerInput[] => [
			{ slot: 0, versionId: s.versionId, maxMark: 1, response: { type: 'single', choice: a ? 'a' : 'b' }, fraction: a, state: a ? 'correct' : 'incorrect' },
			{ slot: 1, versionId: tf.versionId, maxMark: 1, response: { type: 'truefalse', value: !!b }, fraction: b, state: b ? 'correct' : 'incorrect' }
		];
		const scores: [number, number][] = [[1, 1], [1, 0], [0, 0]];
		for (const [i, [a, b]] of scores.entries()) {
			const p = await people.person();
			await insertFinishedAttempt(database.db, { quizId: made.activityId, userId: p.id, number: 1, startedAt: minutes(i), submittedAt: minutes(i + 5), answers: answers(a, b) });
			// A later attempt of the same person does not count.
			await insertFinishedAttempt(database.db, { quizId: made.activityId, userId: p.id, number: 2, startedAt: minutes(i + 10), submittedAt: minutes(i + 15), answers: answers(1, 1) });
		}
		const result = await reports.itemAnalysis(deps(), { actor: trainer, courseId: made.course.id, activityId: made.activityId });
		expect(result.attemptsUsed).toBe(3);
		expect(result.items.map((i) => [i.number, i.attempts, i.facility, i.discrimination, i.weak])).toEqual([
			[1, 3, 66.7, 50, false],
			[2, 3, 33.3, 50, false]
		]);
	});

	it('refuses a participant and a trainer of another course every report and change, writing nothing', async () => {
		const { ids, made, waiting, people: p } = await setup();
		const otherTrainer = await people.person({ roles: ['trainer'] });
		const other = await q.quiz();
		await q.addTrainer(other.course.id, otherTrainer.id);
		const before = await database.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, waiting.id));
		for (const actor of [p.ala, otherTrainer]) {
			const as = { ...ids, actor };
			const codes = [
				await codeOf(reports.listAttempts(deps(), { ...as, filter: allFilter })),
				await codeOf(reports.attemptsCsv(deps(), { ...as, filter: allFilter, headers: HEADERS })),
				await codeOf(reports.gradingQueue(deps(), as)),
				await codeOf(reports.getGradingItem(deps(), { ...as, attemptId: waiting.id, slot: 1 })),
				await codeOf(reports.gradeAnswer(deps(), { ...as, attemptId: waiting.id, slot: 1, mark: 5, comment: 'x' })),
				await codeOf(reports.regrade(deps(), { ...as, questionId: null, toCurrentVersion: true })),
				await codeOf(reports.itemAnalysis(deps(), as))
			];
			for (const code of codes) expect(['authoring.forbidden', 'authoring.not_found']).toContain(code);
		}
		// A trainer of another quiz naming this attempt under their own quiz: forbidden.
		const theirs = { actor: otherTrainer, courseId: other.course.id, activityId: other.activityId };
		expect(await codeOf(reports.gradeAnswer(deps(), { ...theirs, attemptId: waiting.id, slot: 1, mark: 5, comment: 'x' }))).toBe('quiz.attempt_forbidden');
		expect(await codeOf(reports.getGradingItem(deps(), { ...theirs, attemptId: waiting.id, slot: 1 }))).toBe('quiz.attempt_forbidden');
		expect(await database.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, waiting.id))).toEqual(before);
		void made;
	});
});
