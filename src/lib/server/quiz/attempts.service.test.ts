import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { quizFixtures, sampleQuestions } from '../../../../tests/support/quiz-fixtures';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { activityCompletions } from '../courses/courses.tables';
import { attemptQuestions, quizAttempts, quizOverrides, quizSlots } from './quiz.tables';
import { REVIEW_IMMEDIATE_MS, defaultReviewOptions } from '../../quiz/settings';
import {
	checkQuestion,
	getAttemptPage,
	getPracticeQuiz,
	getQuizSummary,
	getReview,
	computeTotals,
	gradeByMethod,
	gradePractice,
	listMyResults,
	recomputeAttempt,
	saveAnswers,
	startAttempt,
	submitAttempt
} from './attempts.service';
import fc from 'fast-check';
import { buildLayout, presentationOrder, seededRandom } from './attempts.layout';
import { reviewShows, reviewTime } from './attempts.review';
import type { QuestionData } from '../../quiz/questions';
import type { SaveAnswer } from '../../types/quiz';

const codeOf = async (work: Promise<unknown>) => {
	try {
		await work;
		return 'ok';
	} catch (error) {
		return (error as { code?: string }).code ?? String(error);
	}
};

describe.each(testDrivers())('the attempt engine on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-03-10T09:00:00Z'));
	let people: ReturnType<typeof discussionFixtures>;
	let q: ReturnType<typeof quizFixtures>;
	const deps = () => ({ db: database.db, clock, random: seededRandom('engine') });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		people = discussionFixtures(database.db);
		q = quizFixtures(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	/** A quiz in a new course with an enrolled participant. */
	async function setup(input: Parameters<typeof q.quiz>[0] = {}) {
		const made = await q.quiz(input);
		const participant = await people.person();
		await q.enrol(made.course.id, participant.id);
		const base = { slug: made.course.slug, activityId: made.activityId };
		return { ...made, participant, base };
	}
	const rowsOf = (attemptId: string) => database.db.select().from(attemptQuestions).where(eq(attemptQuestions.attemptId, attemptId)).orderBy(attemptQuestions.slot);
	const attemptRow = async (attemptId: string) => (await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)))[0];
	const snapshot = async () =>
		JSON.stringify(
			await database.db.execute(sql`select (select json_agg(a order by id) from quiz_attempts a) as a, (select json_agg(q order by attempt_id, slot) from attempt_questions q) as q, (select count(*) from activity_completions) as c`)
		);

	it('starts one attempt, saves answers by sequence number, submits and grades with completion', async () => {
		const { base, participant, course, activityId } = await setup({ completion: 'pass', settings: { passPercent: 50, questionsPerPage: 1 } });
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		expect((await startAttempt(deps(), { ...base, user: participant })).attemptId).toBe(attemptId);

		const page0 = await getAttemptPage(deps(), { attemptId, user: participant, page: null, locale: 'pl' });
		expect(page0.attempt.pageCount).toBe(2);
		expect(page0.questions).toHaveLength(1);
		expect(page0.questions[0].choices?.map((c) => c.id)).toEqual(['a', 'b', 'c']);
		expect(page0.questions[0].feedback).toBeUndefined();
		expect(JSON.stringify(page0)).not.toContain('fraction');

		const first: SaveAnswer[] = [{ slot: 0, seq: 2, response: { type: 'single', choice: 'a' } }];
		expect((await saveAnswers(deps(), { attemptId, user: participant, answers: first, page: 1 })).saved).toEqual([{ slot: 0, seq: 2 }]);
		// a stale autosave arriving late is ignored, reported with the stored sequence number
		const stale = await saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 0, seq: 1, response: { type: 'single', choice: 'b' } }] });
		expect(stale.saved).toEqual([{ slot: 0, seq: 2 }]);
		expect((await rowsOf(attemptId))[0].response).toEqual({ type: 'single', choice: 'a' });
		expect((await attemptRow(attemptId)).currentPage).toBe(1);

		// wrong type or unknown slot: refused, nothing written
		expect(await codeOf(saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 1, seq: 5, response: { type: 'single', choice: 'a' } }] }))).toBe('quiz.invalid_answer');
		expect(await codeOf(saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 9, seq: 5, response: { type: 'truefalse', value: true } }] }))).toBe('quiz.invalid_answer');
		expect((await rowsOf(attemptId))[1].response).toBeNull();

		const result = await submitAttempt(deps(), { attemptId, user: participant, answers: [{ slot: 1, seq: 3, response: { type: 'truefalse', value: false } }] });
		expect(result).toEqual({ attemptId, state: 'finished' });
		const row = await attemptRow(attemptId);
		expect(row).toMatchObject({ state: 'finished', sumMarks: 1, maxMarks: 2, percent: 50, passed: true, finishedBy: 'participant', needsGrading: false });
		expect((await rowsOf(attemptId)).map((r) => r.state)).toEqual(['correct', 'incorrect']);
		const completions = await database.db.select().from(activityCompletions).where(and(eq(activityCompletions.activityId, activityId), eq(activityCompletions.userId, participant.id)));
		expect(completions).toHaveLength(1);
		expect(completions[0].courseId).toBe(course.id);

		// a second submit returns the same attempt; answers after submission are refused and change nothing
		const before = await snapshot();
		expect(await submitAttempt(deps(), { attemptId, user: participant })).toEqual({ attemptId, state: 'finished' });
		expect(await codeOf(saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 1, seq: 9, response: { type: 'truefalse', value: true } }] }))).toBe('quiz.attempt_closed');
		expect(await codeOf(getAttemptPage(deps(), { attemptId, user: participant, page: 0, locale: 'pl' }))).toBe('quiz.attempt_closed');
		expect(await snapshot()).toBe(before);
	});

	it('refuses another participant, a trainer of another course and a visitor, writing nothing', async () => {
		const { base, participant, course } = await setup();
		const other = await people.person();
		await q.enrol(course.id, other.id);
		const otherTrainer = await people.person({ roles: ['trainer'] });
		const otherCourse = await q.course();
		await q.addTrainer(otherCourse.id, otherTrainer.id);
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		await saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 0, seq: 1, response: { type: 'single', choice: 'b' } }] });
		const before = await snapshot();
		const answer: SaveAnswer = { slot: 0, seq: 50, response: { type: 'single', choice: 'a' } };
		for (const intruder of [other, otherTrainer]) {
			expect(await codeOf(getAttemptPage(deps(), { attemptId, user: intruder, page: 0, locale: 'pl' }))).toBe('quiz.attempt_forbidden');
			expect(await codeOf(saveAnswers(deps(), { attemptId, user: intruder, answers: [answer] }))).toBe('quiz.attempt_forbidden');
			expect(await codeOf(checkQuestion(deps(), { attemptId, user: intruder, slot: 0, answer, locale: 'pl' }))).toBe('quiz.attempt_forbidden');
			expect(await codeOf(submitAttempt(deps(), { attemptId, user: intruder }))).toBe('quiz.attempt_forbidden');
			expect(await codeOf(getReview(deps(), { attemptId, user: intruder, locale: 'pl' }))).toBe('quiz.attempt_forbidden');
		}
		expect(await snapshot()).toBe(before);
		// the course's own trainer may not write into the attempt either, but may read the review after submission
		const trainer = await people.person({ roles: ['trainer'] });
		await q.addTrainer(course.id, trainer.id);
		expect(await codeOf(saveAnswers(deps(), { attemptId, user: trainer, answers: [answer] }))).toBe('quiz.attempt_forbidden');
		expect(await codeOf(submitAttempt(deps(), { attemptId, user: trainer }))).toBe('quiz.attempt_forbidden');
		expect(await snapshot()).toBe(before);
		await submitAttempt(deps(), { attemptId, user: participant });
		const review = await getReview(deps(), { attemptId, user: trainer, locale: 'pl' });
		expect(review.shows.rightAnswer).toBe(true);
		expect(review.attempt.userName).toContain('Testowa');

		// not enrolled: cannot start; anonymous sees "log in"
		const visitor = await people.person();
		expect(await codeOf(startAttempt(deps(), { ...base, user: visitor }))).toBe('quiz.not_enrolled');
		expect((await getQuizSummary(deps(), { ...base, user: null, locale: 'pl' })).blocked).toEqual({ code: 'login_required' });
		expect(await codeOf(startAttempt(deps(), { ...base, activityId: '00000000-0000-4000-8000-000000000000', user: participant }))).toBe('quiz.not_found');
	});

	it('enforces open and close dates, attempts allowed with overrides, and the delay between attempts', async () => {
		const { base, participant, activityId } = await setup({
			settings: { opensAt: new Date('2026-03-10T10:00:00Z'), closesAt: new Date('2026-03-20T10:00:00Z'), attemptsAllowed: 1, attemptDelaySeconds: 3600 }
		});
		expect(await codeOf(startAttempt(deps(), { ...base, user: participant }))).toBe('quiz.not_open');
		clock.set(new Date('2026-03-11T09:00:00Z'));
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		await submitAttempt(deps(), { attemptId, user: participant });
		expect(await codeOf(startAttempt(deps(), { ...base, user: participant }))).toBe('quiz.no_attempts_left');
		expect((await getQuizSummary(deps(), { ...base, user: participant, locale: 'pl' })).blocked).toEqual({ code: 'no_attempts_left' });
		await database.db.insert(quizOverrides).values({ quizId: activityId, userId: participant.id, extraAttempts: 1, closesAt: new Date('2026-03-25T10:00:00Z') });
		expect((await getQuizSummary(deps(), { ...base, user: participant, locale: 'pl' })).blocked?.code).toBe('delay');
		expect(await codeOf(startAttempt(deps(), { ...base, user: participant }))).toBe('quiz.delay');
		clock.set(new Date('2026-03-22T09:00:00Z'));
		// closed for everyone else, still open for this person by the override
		const second = await startAttempt(deps(), { ...base, user: participant });
		expect((await attemptRow(second.attemptId)).number).toBe(2);
		expect((await attemptRow(second.attemptId)).deadlineAt?.toISOString()).toBe('2026-03-25T10:00:00.000Z');
		clock.set(new Date('2026-03-10T09:00:00Z'));
	});

	it('shows an image in the question text and the per-answer feedback of the choice given, with Polish text intact', async () => {
		const withImage = { ...sampleQuestions.single(), textMd: 'Która z map przedstawia **województwo małopolskie**?\n\n![Mapa województwa](https://example.gov.pl/mapa-ż.png)\n\n![zła](javascript:alert(1))' };
		const { base, participant } = await setup({ questions: [withImage], settings: { behaviour: 'immediate', questionsPerPage: 0 } });
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		const page = await getAttemptPage(deps(), { attemptId, user: participant, page: 0, locale: 'pl' });
		expect(page.questions[0].textHtml).toMatch(/<img src="https:\/\/example\.gov\.pl\/mapa-%C5%BC\.png" alt="Mapa województwa"/);
		// An unsafe image address is not rendered as an image (it stays inert text).
		expect(page.questions[0].textHtml.match(/<img /g)).toHaveLength(1);
		expect(page.questions[0].textHtml).not.toMatch(/(src|href)="javascript:/);
		expect(page.questions[0].textHtml).toContain('<strong>województwo małopolskie</strong>');
		const checked = await checkQuestion(deps(), { attemptId, user: participant, slot: 0, answer: { slot: 0, seq: 1, response: { type: 'single', choice: 'b' } }, locale: 'pl' });
		expect(checked.feedback?.specificHtml?.join('')).toContain('Łódź leży w łódzkim.');
		expect(checked.feedback?.specificHtml?.join('')).not.toContain('Dobrze!');
	});

	it('refuses a quiz with no questions', async () => {
		const { base, participant, activityId } = await setup();
		await database.db.delete(quizSlots).where(eq(quizSlots.quizId, activityId));
		expect(await codeOf(startAttempt(deps(), { ...base, user: participant }))).toBe('quiz.no_questions');
		expect((await getQuizSummary(deps(), { ...base, user: participant, locale: 'pl' })).blocked).toEqual({ code: 'no_questions' });
	});

	it('keeps an essay pending until hand grading, then recomputes and completes', async () => {
		const { base, participant, activityId } = await setup({ questions: [sampleQuestions.single(), sampleQuestions.essay()], settings: { passPercent: 60 }, completion: 'pass' });
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		await saveAnswers(deps(), {
			attemptId,
			user: participant,
			answers: [
				{ slot: 0, seq: 1, response: { type: 'single', choice: 'a' } },
				{ slot: 1, seq: 1, response: { type: 'essay', text: 'Zgłaszam do IOD niezwłocznie, najpóźniej w ciągu doby.' } }
			]
		});
		await submitAttempt(deps(), { attemptId, user: participant });
		expect(await attemptRow(attemptId)).toMatchObject({ needsGrading: true, percent: null, passed: null, sumMarks: 1, maxMarks: 6 });
		expect((await rowsOf(attemptId))[1]).toMatchObject({ state: 'needs_grading', fraction: null });
		const completed = () => database.db.select().from(activityCompletions).where(eq(activityCompletions.activityId, activityId));
		expect(await completed()).toHaveLength(0);

		await database.db.transaction(async (tx) => {
			await tx
				.update(attemptQuestions)
				.set({ fraction: 0.8, mark: 4, state: 'graded', comment: 'Dobrze opisane.' })
				.where(and(eq(attemptQuestions.attemptId, attemptId), eq(attemptQuestions.slot, 1)));
			await recomputeAttempt(tx, { attemptId, at: clock.now() });
		});
		expect(await attemptRow(attemptId)).toMatchObject({ needsGrading: false, percent: expect.closeTo((5 / 6) * 100, 4), passed: true, sumMarks: 5 });
		expect(await completed()).toHaveLength(1);
		const review = await getReview(deps(), { attemptId, user: participant, locale: 'pl' });
		expect(review.questions[1].feedback?.comment).toBe('Dobrze opisane.');
	});

	it('shows review parts by time: right answers only after the quiz closes', async () => {
		const closesAt = new Date('2026-03-10T12:00:00Z');
		const { base, participant } = await setup({ settings: { closesAt, overallFeedback: [{ minPercent: 0, text: 'Spróbuj jeszcze raz.' }, { minPercent: 90, text: 'Świetnie!' }] } });
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		expect(await codeOf(getReview(deps(), { attemptId, user: participant, locale: 'pl' }))).toBe('quiz.review_not_allowed');
		await submitAttempt(deps(), { attemptId, user: participant, answers: [{ slot: 0, seq: 1, response: { type: 'single', choice: 'a' } }, { slot: 1, seq: 1, response: { type: 'truefalse', value: true } }] });
		const now = await getReview(deps(), { attemptId, user: participant, locale: 'pl' });
		expect(now.shows).toMatchObject({ marks: true, rightAnswer: false, overallFeedback: true });
		expect(now.overallFeedbackHtml).toContain('Świetnie!');
		expect(now.questions[0].feedback?.rightAnswer).toBeUndefined();
		expect(now.questions[0].feedback?.state).toBe('correct');
		expect(now.attempt.userName).toBeNull();
		clock.advance(REVIEW_IMMEDIATE_MS + 1000);
		expect((await getReview(deps(), { attemptId, user: participant, locale: 'pl' })).shows.rightAnswer).toBe(false);
		clock.set(new Date('2026-03-10T12:00:01Z'));
		const closed = await getReview(deps(), { attemptId, user: participant, locale: 'pl' });
		expect(closed.shows.rightAnswer).toBe(true);
		expect(closed.questions[0].feedback?.rightAnswer).toBeTruthy();
		clock.set(new Date('2026-03-10T09:00:00Z'));
	});

	it('hides marks when the review options say so', async () => {
		const review = defaultReviewOptions();
		review.marks = { during: false, immediately: false, open: false, closed: false };
		const { base, participant } = await setup({ settings: { review } });
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		await submitAttempt(deps(), { attemptId, user: participant });
		const summary = await getQuizSummary(deps(), { ...base, user: participant, locale: 'pl' });
		expect(summary.attempts[0].percent).toBeNull();
		expect(summary.grade).toBeNull();
		const r = await getReview(deps(), { attemptId, user: participant, locale: 'pl' });
		expect(r.attempt.percent).toBeNull();
		expect(r.questions[0].feedback?.mark).toBeUndefined();
	});

	it('grades immediate behaviour on check and locks the question', async () => {
		const { base, participant } = await setup({ settings: { behaviour: 'immediate' } });
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		const checked = await checkQuestion(deps(), { attemptId, user: participant, slot: 0, answer: { slot: 0, seq: 1, response: { type: 'single', choice: 'b' } }, locale: 'pl' });
		expect(checked.feedback?.state).toBe('incorrect');
		expect(checked.feedback?.specificHtml?.join('')).toContain('Łódź leży w łódzkim.');
		// locked: a later save does not change it
		await saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 0, seq: 2, response: { type: 'single', choice: 'a' } }] });
		expect((await rowsOf(attemptId))[0].response).toEqual({ type: 'single', choice: 'b' });
		await submitAttempt(deps(), { attemptId, user: participant, answers: [{ slot: 1, seq: 1, response: { type: 'truefalse', value: true } }] });
		expect(await attemptRow(attemptId)).toMatchObject({ sumMarks: 1, percent: 50 });
	});

	it('gives interactive tries with hints and a penalty per extra try', async () => {
		const { base, participant } = await setup({ settings: { behaviour: 'interactive', maxTries: 3 } });
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		const wrong = await checkQuestion(deps(), { attemptId, user: participant, slot: 0, answer: { slot: 0, seq: 1, response: { type: 'single', choice: 'c' } }, locale: 'pl' });
		expect(wrong.interactive).toMatchObject({ triesLeft: 2, locked: false });
		expect(wrong.interactive?.hintHtml).toContain('Wawelu');
		// changing the answer hides the old feedback but keeps the hint and the tries used
		await saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 0, seq: 2, response: { type: 'single', choice: 'b' } }] });
		const changed = (await getAttemptPage(deps(), { attemptId, user: participant, page: 0, locale: 'pl' })).questions[0];
		expect(changed.feedback).toBeUndefined();
		expect(changed.interactive).toMatchObject({ triesLeft: 2, locked: false });
		expect(changed.interactive?.hintHtml).toContain('Wawelu');
		const right = await checkQuestion(deps(), { attemptId, user: participant, slot: 0, answer: { slot: 0, seq: 3, response: { type: 'single', choice: 'a' } }, locale: 'pl' });
		expect(right.interactive).toMatchObject({ triesLeft: 1, locked: true });
		expect((await rowsOf(attemptId))[0].fraction).toBeCloseTo(1 - 0.3333333, 5);
		await submitAttempt(deps(), { attemptId, user: participant });
		expect((await attemptRow(attemptId)).sumMarks).toBeCloseTo(0.6666667, 5);
		expect(await codeOf(checkQuestion(deps(), { attemptId, user: participant, slot: 1, locale: 'pl' }))).toBe('quiz.attempt_closed');
	});

	it('counts submitting an unchecked interactive answer as one more try', async () => {
		const { base, participant } = await setup({ settings: { behaviour: 'interactive', maxTries: 3 } });
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		await checkQuestion(deps(), { attemptId, user: participant, slot: 0, answer: { slot: 0, seq: 1, response: { type: 'single', choice: 'b' } }, locale: 'pl' });
		await saveAnswers(deps(), { attemptId, user: participant, answers: [{ slot: 0, seq: 2, response: { type: 'single', choice: 'a' } }, { slot: 1, seq: 1, response: { type: 'truefalse', value: true } }] });
		await submitAttempt(deps(), { attemptId, user: participant });
		const rows = await rowsOf(attemptId);
		expect(rows.map((r) => [r.tries, r.state])).toEqual([
			[2, 'correct'],
			[1, 'correct']
		]);
		expect(rows[0].fraction).toBeCloseTo(0.6666667, 5);
		expect(rows[1].fraction).toBe(1);
	});

	it('refuses check in deferred behaviour', async () => {
		const { base, participant } = await setup();
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		expect(await codeOf(checkQuestion(deps(), { attemptId, user: participant, slot: 0, locale: 'pl' }))).toBe('quiz.forbidden');
	});

	it('computes the grade by grading method and lists my results', async () => {
		const attempts = [
			{ number: 1, state: 'finished' as const, percent: 40 },
			{ number: 2, state: 'finished' as const, percent: 90 },
			{ number: 3, state: 'abandoned' as const, percent: null },
			{ number: 4, state: 'finished' as const, percent: 50 }
		];
		expect(gradeByMethod('highest', attempts)).toBe(90);
		expect(gradeByMethod('first', attempts)).toBe(40);
		expect(gradeByMethod('last', attempts)).toBe(50);
		expect(gradeByMethod('average', attempts)).toBe(60);
		expect(gradeByMethod('highest', [])).toBeNull();

		const { base, participant, course } = await setup({ settings: { passPercent: 100, gradingMethod: 'highest', finalTest: true } });
		const one = await startAttempt(deps(), { ...base, user: participant });
		await submitAttempt(deps(), { attemptId: one.attemptId, user: participant, answers: [{ slot: 0, seq: 1, response: { type: 'single', choice: 'a' } }] });
		clock.advance(60_000);
		const two = await startAttempt(deps(), { ...base, user: participant });
		await submitAttempt(deps(), { attemptId: two.attemptId, user: participant, answers: [{ slot: 0, seq: 1, response: { type: 'single', choice: 'a' } }, { slot: 1, seq: 1, response: { type: 'truefalse', value: true } }] });
		const summary = await getQuizSummary(deps(), { ...base, user: participant, locale: 'pl' });
		expect(summary).toMatchObject({ grade: 100, passed: true, openAttemptId: null, blocked: null, practiceOnly: false, canManage: false });
		expect(summary.attempts.map((a) => a.percent)).toEqual([50, 100]);
		const results = await listMyResults(deps(), { slug: course.slug, user: participant });
		expect(results.rows).toEqual([expect.objectContaining({ title: 'Test końcowy', finalTest: true, attempts: 2, grade: 100, passed: true })]);
		// final test: completion only once passed
		expect(await database.db.select().from(activityCompletions).where(eq(activityCompletions.userId, participant.id))).toHaveLength(1);
	});

	it('lets an anonymous visitor practise a practice quiz without storing anything, never a final test', async () => {
		const made = await q.quiz({ settings: { practice: true }, questions: [sampleQuestions.single(), sampleQuestions.multiple(), sampleQuestions.essay()] });
		const base = { slug: made.course.slug, activityId: made.activityId };
		const before = await snapshot();
		const summary = await getQuizSummary(deps(), { ...base, user: null, locale: 'pl' });
		expect(summary).toMatchObject({ practiceOnly: true, blocked: null });
		const practice = await getPracticeQuiz(deps(), { ...base, user: null, locale: 'pl' });
		expect(practice.questions).toHaveLength(3);
		expect(JSON.stringify(practice)).not.toMatch(/fraction|Dobrze!/);
		const graded = await gradePractice(deps(), {
			...base,
			user: null,
			locale: 'pl',
			responses: { 0: { type: 'single', choice: 'a' }, 1: { type: 'multiple', choices: ['a', 'c'] }, 2: { type: 'essay', text: 'Tekst' } }
		});
		expect(graded).toMatchObject({ sumMarks: 1, maxMarks: 3 });
		expect(graded.questions[0].feedback?.state).toBe('correct');
		expect(await codeOf(gradePractice(deps(), { ...base, user: null, locale: 'pl', responses: { 0: { type: 'truefalse', value: true } } }))).toBe('quiz.invalid_answer');
		expect(await snapshot()).toBe(before);

		const final = await q.quiz({ settings: { practice: true, finalTest: true } });
		const finalBase = { slug: final.course.slug, activityId: final.activityId };
		expect(await codeOf(getPracticeQuiz(deps(), { ...finalBase, user: null, locale: 'pl' }))).toBe('quiz.not_practice');
		expect((await getQuizSummary(deps(), { ...finalBase, user: null, locale: 'pl' })).blocked).toEqual({ code: 'login_required' });
	});

	it('draws random questions from a category without repeats and keeps the version an attempt was started with', async () => {
		const { base, participant, activityId, course, questions } = await setup({ settings: { shuffleQuestions: true, questionsPerPage: 2 } });
		const pool = await q.bank(course.id, [sampleQuestions.numerical(), sampleQuestions.shortanswer(), sampleQuestions.truefalse()]);
		await database.db.insert(quizSlots).values([
			{ quizId: activityId, position: 5, randomCategoryId: pool.categoryId, mark: 1 },
			{ quizId: activityId, position: 6, randomCategoryId: pool.categoryId, mark: 1 }
		]);
		const { attemptId } = await startAttempt(deps(), { ...base, user: participant });
		const rows = await rowsOf(attemptId);
		expect(rows).toHaveLength(4);
		expect(rows.map((r) => r.page)).toEqual([0, 0, 1, 1]);
		expect(new Set(rows.map((r) => r.questionVersionId)).size).toBe(4);
		expect((await attemptRow(attemptId)).pageCount).toBe(2);
		expect(rows.map((r) => r.questionVersionId)).toEqual(expect.arrayContaining([questions[0].versionId, questions[1].versionId]));
	});
});

describe('building an attempt and choosing the review time', () => {
	it('never presents ordering items in the right order, and keeps every item', () => {
		fc.assert(
			fc.property(fc.integer({ min: 2, max: 12 }), fc.integer(), (n, seed) => {
				const items = Array.from({ length: n }, (_, i) => ({ id: `i${i}`, text: `Krok ${i}` }));
				const order = presentationOrder({ type: 'ordering', items, scoring: 'absolute' }, false, seededRandom(String(seed)));
				expect([...order].sort()).toEqual(items.map((i) => i.id).sort());
				expect(order).not.toEqual(items.map((i) => i.id));
			})
		);
	});

	it('shuffles choices only when the quiz and the question allow it', () => {
		const data = { ...sampleQuestions.single().data, shuffle: true } as Extract<QuestionData, { type: 'single' }>;
		const ids = data.choices.map((c) => c.id);
		expect(presentationOrder(data, false, seededRandom('x'))).toEqual(ids);
		expect(presentationOrder({ ...data, shuffle: false }, true, seededRandom('x'))).toEqual(ids);
		const seen = new Set(Array.from({ length: 30 }, (_, i) => presentationOrder(data, true, seededRandom(`s${i}`)).join()));
		expect(seen.size).toBeGreaterThan(1);
	});

	it('puts questionsPerPage questions on each page, all on one page for 0, and fails when a category runs dry', () => {
		const v = (id: string) => ({ id, questionId: `q${id}`, data: sampleQuestions.truefalse().data });
		const slots = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ kind: 'fixed' as const, mark: 1, version: v(id) }));
		const layout = buildLayout({ slots, shuffleQuestions: true, shuffleAnswers: true, questionsPerPage: 2, random: seededRandom('p') })!;
		expect(layout.map((q) => q.page)).toEqual([0, 0, 1, 1, 2]);
		expect(layout.map((q) => q.questionVersionId).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
		expect(buildLayout({ slots, shuffleQuestions: false, shuffleAnswers: false, questionsPerPage: 0, random: Math.random })!.every((q) => q.page === 0)).toBe(true);
		const random = [{ kind: 'random' as const, mark: 1, candidates: [v('a')] }];
		expect(buildLayout({ slots: [slots[0], ...random], shuffleQuestions: false, shuffleAnswers: false, questionsPerPage: 1, random: Math.random })).toBeNull();
	});

	it('uses during, immediately, open and closed as Moodle does', () => {
		const submittedAt = new Date('2026-01-01T10:00:00Z');
		const closesAt = new Date('2026-01-02T10:00:00Z');
		const at = (iso: string) => reviewTime({ state: 'finished', submittedAt, closesAt, now: new Date(iso) });
		expect(reviewTime({ state: 'in_progress', submittedAt: null, closesAt, now: submittedAt })).toBe('during');
		expect(at('2026-01-01T10:01:59Z')).toBe('immediately');
		expect(at('2026-01-01T10:02:00Z')).toBe('open');
		expect(at('2026-01-02T10:00:00Z')).toBe('closed');
		expect(reviewTime({ state: 'finished', submittedAt, closesAt: null, now: new Date('2030-01-01T00:00:00Z') })).toBe('open');
		expect(reviewShows(defaultReviewOptions(), 'open', false).rightAnswer).toBe(false);
		expect(reviewShows(defaultReviewOptions(), 'open', true).rightAnswer).toBe(true);
	});

	it('computes totals with essays pending and a pass mark', () => {
		expect(computeTotals([{ maxMark: 2, fraction: 0.5, state: 'partial' }, { maxMark: 1, fraction: 1, state: 'correct' }], 60)).toEqual({ sumMarks: 2, maxMarks: 3, needsGrading: false, percent: expect.closeTo(66.666667, 5), passed: true });
		expect(computeTotals([{ maxMark: 2, fraction: null, state: 'needs_grading' }, { maxMark: 1, fraction: 1, state: 'correct' }], 60)).toMatchObject({ needsGrading: true, percent: null, passed: null, sumMarks: 1 });
		expect(computeTotals([{ maxMark: 1, fraction: 0, state: 'incorrect' }], null)).toMatchObject({ percent: 0, passed: null });
	});
});
