import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { quizFixtures, sampleQuestions } from '../../../../tests/support/quiz-fixtures';
import { insertFinishedAttempt } from '../../../../tests/e2e/support/quizadmin-seed';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { auditLog } from '../admin/admin.tables';
import { activities } from '../courses/courses.tables';
import { questions, quizAttempts, quizOverrides, quizSlots, quizzes } from './quiz.tables';
import { defaultReviewOptions, finalTestReviewOptions } from '../../quiz/settings';
import { dateToWarsawLocal, overrideSchema, parseSettingsForm, warsawLocalToDate, type QuizSettingsInput } from './quiz.schemas';
import * as svc from './quiz.settings.service';
import { startAttempt, submitAttempt } from './attempts.service';

const codeOf = async (work: Promise<unknown>) => {
	try {
		await work;
		return 'ok';
	} catch (error) {
		return (error as { code?: string }).code ?? String(error);
	}
};

/** The form as the settings page sends it (every review box ticked as in the defaults). */
function form(extra: Record<string, string> = {}): Record<string, string> {
	const values: Record<string, string> = {
		opensAt: '',
		closesAt: '',
		timeLimitMinutes: '',
		overdueHandling: 'autosubmit',
		graceMinutes: '0',
		attemptsAllowed: '0',
		delayMinutes: '0',
		gradingMethod: 'highest',
		behaviour: 'deferred',
		maxTries: '3',
		passPercent: '',
		shuffleAnswers: 'on',
		questionsPerPage: '1'
	};
	const review = defaultReviewOptions();
	for (const [item, times] of Object.entries(review)) for (const [time, on] of Object.entries(times)) if (on) values[`review.${item}.${time}`] = 'on';
	return { ...values, ...extra };
}
const settingsOf = (values: Record<string, string>) => {
	const parsed = parseSettingsForm(values);
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
	return parsed.data as QuizSettingsInput;
};

describe('quiz settings form', () => {
	it('reads datetime-local values as Polish time, in winter and in summer', () => {
		expect(warsawLocalToDate('2026-01-15T09:30')?.toISOString()).toBe('2026-01-15T08:30:00.000Z');
		expect(warsawLocalToDate('2026-07-15T09:30')?.toISOString()).toBe('2026-07-15T07:30:00.000Z');
		expect(warsawLocalToDate('2026-02-30T09:30')).toBeNull();
		expect(warsawLocalToDate('jutro')).toBeNull();
		expect(dateToWarsawLocal(new Date('2026-07-15T07:30:00Z'))).toBe('2026-07-15T09:30');
		// 02:30 on the spring change does not exist: an hour later; in autumn: the first 02:30.
		expect(warsawLocalToDate('2026-03-29T02:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(warsawLocalToDate('2026-10-25T02:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
	});

	it('accepts a Polish decimal comma and builds the review matrix and feedback bands', () => {
		const data = settingsOf(form({ passPercent: '62,5', 'feedback.0.min': '80', 'feedback.0.text': 'Świetnie!', 'feedback.1.min': '0', 'feedback.1.text': 'Spróbuj jeszcze raz.', 'review.rightAnswer.open': 'on' }));
		expect(data.passPercent).toBe(62.5);
		expect(data.review.rightAnswer).toEqual({ during: false, immediately: false, open: true, closed: true });
		expect(data.overallFeedback).toEqual([{ minPercent: 80, text: 'Świetnie!' }, { minPercent: 0, text: 'Spróbuj jeszcze raz.' }]);
	});

	it('refuses a final test that is also practice, a closing before opening, and nonsense numbers, naming the field', () => {
		const numbers = parseSettingsForm(form({ timeLimitMinutes: 'pięć', attemptsAllowed: '-1' }));
		expect(numbers.ok || numbers.errors).toMatchObject({ timeLimitMinutes: 'quizadmin.error.timeLimit', attemptsAllowed: 'quizadmin.error.attempts' });
		const rules = parseSettingsForm(form({ finalTest: 'on', practice: 'on', opensAt: '2026-05-10T10:00', closesAt: '2026-05-10T09:00' }));
		expect(rules.ok || rules.errors).toMatchObject({ practice: 'quizadmin.error.practiceFinal', closesAt: 'quizadmin.error.window' });
		const interactiveFinal = parseSettingsForm(form({ finalTest: 'on', behaviour: 'interactive' }));
		expect(interactiveFinal.ok || interactiveFinal.errors.behaviour).toBe('quizadmin.error.finalBehaviour');
		const noGrace = parseSettingsForm(form({ overdueHandling: 'graceperiod', graceMinutes: '0' }));
		expect(noGrace.ok || noGrace.errors.graceMinutes).toBe('quizadmin.error.graceRequired');
	});
});

describe.each(testDrivers())('quiz settings, questions and overrides on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-03-10T09:00:00Z'));
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

	async function setup() {
		const trainer = await people.person({ roles: ['trainer'] });
		const made = await q.quiz({ questions: [sampleQuestions.single(), sampleQuestions.truefalse()] });
		await q.addTrainer(made.course.id, trainer.id);
		const ids = { actor: trainer, courseId: made.course.id, activityId: made.activityId };
		return { trainer, made, ids };
	}
	const slotsOf = (quizId: string) => database.db.select().from(quizSlots).where(eq(quizSlots.quizId, quizId)).orderBy(quizSlots.position);

	it('saves the settings a trainer sends, minutes as seconds and Polish times as instants', async () => {
		const { ids } = await setup();
		await svc.updateSettings(deps(), { ...ids, settings: settingsOf(form({ timeLimitMinutes: '30', attemptsAllowed: '2', delayMinutes: '60', passPercent: '50', closesAt: '2026-06-30T23:59', overdueHandling: 'graceperiod', graceMinutes: '5' })) });
		const view = await svc.getQuizForEditing(deps(), ids);
		expect(view.quiz).toMatchObject({ timeLimitSeconds: 1800, attemptsAllowed: 2, attemptDelaySeconds: 3600, passPercent: 50, overdueHandling: 'graceperiod', graceSeconds: 300 });
		expect(view.quiz.closesAt?.toISOString()).toBe('2026-06-30T21:59:00.000Z');
		expect(view.slotCount).toBe(2);
	});

	it('starts a new final test from the final-test review options, and keeps the trainer\'s later choices', async () => {
		const { ids } = await setup();
		await svc.updateSettings(deps(), { ...ids, settings: settingsOf(form({ finalTest: 'on' })) });
		expect((await svc.getQuizForEditing(deps(), ids)).quiz.review).toEqual(finalTestReviewOptions());
		await svc.updateSettings(deps(), { ...ids, settings: settingsOf(form({ finalTest: 'on' })) });
		expect((await svc.getQuizForEditing(deps(), ids)).quiz.review).toEqual(defaultReviewOptions());
		expect(await codeOf(svc.updateSettings(deps(), { ...ids, settings: { ...settingsOf(form({ finalTest: 'on' })), practice: true } }))).toBe('quiz.invalid_settings');
	});

	it('makes a final test a required activity completed only by passing (course completion)', async () => {
		const { ids } = await setup();
		await database.db.update(activities).set({ required: false, completion: 'manual' }).where(eq(activities.id, ids.activityId));
		await svc.updateSettings(deps(), { ...ids, settings: settingsOf(form({ finalTest: 'on', passPercent: '60' })) });
		const [activity] = await database.db.select().from(activities).where(eq(activities.id, ids.activityId));
		expect(activity).toMatchObject({ required: true, completion: 'pass' });
	});

	it('adds questions of this course only, draws random ones from its categories, and keeps positions gapless', async () => {
		const { made, ids } = await setup();
		const extra = await q.bank(made.course.id, [sampleQuestions.shortanswer(), sampleQuestions.numerical(), sampleQuestions.essay()]);
		const foreign = await q.quiz();
		expect(await svc.addQuestions(deps(), { ...ids, questionIds: [extra.questions[0].questionId, made.questions[0].questionId] })).toBe(1);
		expect(await codeOf(svc.addQuestions(deps(), { ...ids, questionIds: [foreign.questions[0].questionId] }))).toBe('questions.not_found');
		await database.db.update(questions).set({ archivedAt: clock.now() }).where(eq(questions.id, extra.questions[1].questionId));
		expect(await codeOf(svc.addQuestions(deps(), { ...ids, questionIds: [extra.questions[1].questionId] }))).toBe('questions.not_found');
		expect(await codeOf(svc.addRandom(deps(), { ...ids, categoryId: extra.categoryId, count: 3 }))).toBe('quiz.invalid_settings');
		expect(await codeOf(svc.addRandom(deps(), { ...ids, categoryId: foreign.categoryId, count: 1 }))).toBe('questions.category_not_found');
		expect(await svc.addRandom(deps(), { ...ids, categoryId: extra.categoryId, count: 2 })).toBe(2);
		let slots = await slotsOf(made.activityId);
		expect(slots.map((s) => s.position)).toEqual([0, 1, 2, 3, 4]);
		expect(slots.filter((s) => s.randomCategoryId === extra.categoryId)).toHaveLength(2);

		await svc.removeSlot(deps(), { ...ids, slotId: slots[1].id });
		await svc.moveSlot(deps(), { ...ids, slotId: slots[2].id, direction: 'up' });
		slots = await slotsOf(made.activityId);
		expect(slots.map((s) => s.position)).toEqual([0, 1, 2, 3]);
		expect(slots[0].questionId).toBe(extra.questions[0].questionId);
		expect(slots[1].questionId).toBe(made.questions[0].questionId);
		const view = await svc.getQuizQuestions(deps(), { ...ids, categoryId: null });
		expect(view.totalMarks).toBe(4);
		expect(view.locked).toBe(false);
	});

	it('locks adding, removing and moving once the quiz has an attempt, but lets marks change', async () => {
		const { made, ids } = await setup();
		const participant = await people.person();
		await q.enrol(made.course.id, participant.id);
		await insertFinishedAttempt(database.db, {
			quizId: made.activityId,
			userId: participant.id,
			number: 1,
			startedAt: clock.now(),
			submittedAt: clock.now(),
			answers: [{ slot: 0, versionId: made.questions[0].versionId, maxMark: 1, response: { type: 'single', choice: 'a' }, fraction: 1, state: 'correct' }]
		});
		const [first, second] = await slotsOf(made.activityId);
		expect(await codeOf(svc.addQuestions(deps(), { ...ids, questionIds: [made.questions[0].questionId] }))).toBe('quiz.structure_locked');
		expect(await codeOf(svc.removeSlot(deps(), { ...ids, slotId: first.id }))).toBe('quiz.structure_locked');
		expect(await codeOf(svc.moveSlot(deps(), { ...ids, slotId: second.id, direction: 'up' }))).toBe('quiz.structure_locked');
		await svc.setMark(deps(), { ...ids, slotId: second.id, mark: 2.5 });
		const after = await slotsOf(made.activityId);
		expect(after.map((s) => [s.id, s.mark])).toEqual([[first.id, 1], [second.id, 2.5]]);
		expect((await svc.getQuizQuestions(deps(), { ...ids, categoryId: null })).locked).toBe(true);
	});

	it('gives an enrolled person an override, audited, and refuses someone not enrolled', async () => {
		const { made, ids, trainer } = await setup();
		const participant = await people.person({ givenName: 'Żaneta' });
		const outsider = await people.person();
		await q.enrol(made.course.id, participant.id);
		const parse = (v: Record<string, string>) => overrideSchema.parse(v);
		await svc.setOverride(deps(), { ...ids, override: parse({ userId: participant.id, timeLimitMinutes: '45', extraAttempts: '1', closesAt: '2026-04-01T12:00' }) });
		expect(await codeOf(svc.setOverride(deps(), { ...ids, override: parse({ userId: outsider.id, extraAttempts: '1' }) }))).toBe('quiz.override_not_enrolled');
		const view = await svc.getOverrides(deps(), { ...ids, search: 'żANETA' });
		expect(view.overrides).toHaveLength(1);
		expect(view.overrides[0]).toMatchObject({ userId: participant.id, timeLimitSeconds: 2700, extraAttempts: 1 });
		expect(view.found.map((p) => p.id)).toEqual([participant.id]);
		await svc.deleteOverride(deps(), { ...ids, userId: participant.id });
		expect(await database.db.select().from(quizOverrides).where(eq(quizOverrides.quizId, made.activityId))).toHaveLength(0);
		const audit = await database.db.select().from(auditLog).where(and(eq(auditLog.targetId, made.activityId), eq(auditLog.actorId, trainer.id)));
		expect(audit.map((a) => a.action).sort()).toEqual(['quiz.override_deleted', 'quiz.override_set']);
	});

	it('moves the deadline of a running attempt when extra time is granted, removed, or the time limit changes; finished attempts keep theirs', async () => {
		const { made, ids } = await setup();
		await svc.updateSettings(deps(), { ...ids, settings: settingsOf(form({ timeLimitMinutes: '10' })) });
		const participant = await people.person({ givenName: 'Halina' });
		const other = await people.person();
		await q.enrol(made.course.id, participant.id);
		await q.enrol(made.course.id, other.id);
		const { attemptId } = await startAttempt(deps(), { slug: made.course.slug, activityId: made.activityId, user: participant });
		const done = await startAttempt(deps(), { slug: made.course.slug, activityId: made.activityId, user: other });
		await submitAttempt(deps(), { attemptId: done.attemptId, user: other });
		const deadlineOf = async (id: string) => (await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, id)))[0].deadlineAt?.toISOString();
		const finishedDeadline = await deadlineOf(done.attemptId);
		expect(await deadlineOf(attemptId)).toBe('2026-03-10T09:10:00.000Z');
		// An accommodation granted while the attempt runs applies to it at once.
		await svc.setOverride(deps(), { ...ids, override: overrideSchema.parse({ userId: participant.id, timeLimitMinutes: '30' }) });
		expect(await deadlineOf(attemptId)).toBe('2026-03-10T09:30:00.000Z');
		await svc.deleteOverride(deps(), { ...ids, userId: participant.id });
		expect(await deadlineOf(attemptId)).toBe('2026-03-10T09:10:00.000Z');
		// A new time limit, and a close date earlier than it, for everyone running.
		await svc.updateSettings(deps(), { ...ids, settings: settingsOf(form({ timeLimitMinutes: '20', closesAt: '2026-03-10T10:15' })) });
		expect(await deadlineOf(attemptId)).toBe('2026-03-10T09:15:00.000Z');
		expect(await deadlineOf(done.attemptId)).toBe(finishedDeadline);
	});

	it('refuses a participant and a trainer of another course every read and change, writing nothing', async () => {
		const { made, ids } = await setup();
		const participant = await people.person();
		await q.enrol(made.course.id, participant.id);
		const otherTrainer = await people.person({ roles: ['trainer'] });
		const other = await q.quiz();
		await q.addTrainer(other.course.id, otherTrainer.id);
		const before = { quiz: (await database.db.select().from(quizzes).where(eq(quizzes.activityId, made.activityId)))[0], slots: await slotsOf(made.activityId) };
		for (const actor of [participant, otherTrainer]) {
			const as = { ...ids, actor };
			const codes = [
				await codeOf(svc.getQuizForEditing(deps(), as)),
				await codeOf(svc.updateSettings(deps(), { ...as, settings: settingsOf(form({ timeLimitMinutes: '1' })) })),
				await codeOf(svc.getQuizQuestions(deps(), { ...as, categoryId: null })),
				await codeOf(svc.addQuestions(deps(), { ...as, questionIds: [made.questions[0].questionId] })),
				await codeOf(svc.addRandom(deps(), { ...as, categoryId: made.categoryId, count: 1 })),
				await codeOf(svc.removeSlot(deps(), { ...as, slotId: before.slots[0].id })),
				await codeOf(svc.moveSlot(deps(), { ...as, slotId: before.slots[1].id, direction: 'up' })),
				await codeOf(svc.setMark(deps(), { ...as, slotId: before.slots[0].id, mark: 9 })),
				await codeOf(svc.getOverrides(deps(), { ...as, search: '' })),
				await codeOf(svc.setOverride(deps(), { ...as, override: overrideSchema.parse({ userId: participant.id, extraAttempts: '3' }) }))
			];
			for (const code of codes) expect(['authoring.forbidden', 'authoring.not_found']).toContain(code);
		}
		// The other course's trainer asking for this quiz under their own course: not found.
		expect(await codeOf(svc.getQuizForEditing(deps(), { actor: otherTrainer, courseId: other.course.id, activityId: made.activityId }))).toBe('quiz.not_found');
		expect((await database.db.select().from(quizzes).where(eq(quizzes.activityId, made.activityId)))[0]).toEqual(before.quiz);
		expect(await slotsOf(made.activityId)).toEqual(before.slots);
		expect(await database.db.select().from(quizOverrides).where(eq(quizOverrides.quizId, made.activityId))).toHaveLength(0);
	});
});
