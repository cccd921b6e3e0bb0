import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { fixedClock } from '../platform/clock';
import type { Database, DbOrTx } from '../db/client';
import { users } from '../users/users.tables';
import { activities, activityCompletions, courseSections, courseTrainers, courses, enrolments } from '../courses/courses.tables';
import { surveyAnswers, surveyQuestions, surveyRespondents, surveyResponses, surveys } from './surveys.tables';
import { addQuestion, editQuestion, exportResponses, getResults, getSurveyAdmin, getSurveyPage, moveQuestion, removeQuestion, saveSettings, submitResponse } from './surveys.service';
import { surveysPrivacy } from './surveys.privacy';
import { checkAnswers, parseDecimal } from './surveys.schemas';

const codeOf = async (work: Promise<unknown>) => {
	try {
		await work;
		return 'ok';
	} catch (error) {
		return (error as { code?: string }).code ?? String(error);
	}
};

function fixtures(db: DbOrTx) {
	const unique = () => randomBytes(4).toString('hex');
	async function person(roles: ('trainer' | 'admin')[] = []) {
		const id = unique();
		const [row] = await db.insert(users).values({ issuer: 'https://test.invalid', subject: `s-${id}`, givenName: `Zofia ${id}`, familyName: 'Żółkiewska', email: `z-${id}@example.test` }).returning();
		return { id: row.id, roles: roles as never[], email: row.email!, givenName: row.givenName! };
	}
	/** A published public course with one survey activity and its questions: rating, single, multiple, numeric, short, long. */
	async function survey(input: { anonymous?: boolean; completion?: 'manual' | 'submit'; status?: 'draft' | 'published'; opensAt?: Date; closesAt?: Date } = {}) {
		const id = unique();
		const [course] = await db.insert(courses).values({ slug: `ankieta-${id}`, title: `Kurs ${id}`, visibility: 'public', status: input.status ?? 'published' }).returning();
		const [section] = await db.insert(courseSections).values({ courseId: course.id, title: 'Ocena', position: 0 }).returning();
		const [activity] = await db.insert(activities).values({ courseId: course.id, sectionId: section.id, type: 'survey', title: 'Ocena szkolenia', position: 0, completion: input.completion ?? 'submit' }).returning();
		await db.insert(surveys).values({ activityId: activity.id, courseId: course.id, anonymous: input.anonymous ?? false, opensAt: input.opensAt, closesAt: input.closesAt });
		const q = await db
			.insert(surveyQuestions)
			.values([
				{ surveyId: activity.id, position: 0, type: 'rating', text: 'Jak oceniasz szkolenie?', required: true, options: { scaleMin: 1, scaleMax: 5, minLabel: 'źle', maxLabel: 'świetnie' } },
				{ surveyId: activity.id, position: 1, type: 'single', text: 'Forma zajęć', required: false, options: { choices: ['zdalnie', 'stacjonarnie'] } },
				{ surveyId: activity.id, position: 2, type: 'multiple', text: 'Co było przydatne?', required: false, options: { choices: ['wykład', 'ćwiczenia', 'materiały'] } },
				{ surveyId: activity.id, position: 3, type: 'numeric', text: 'Ile godzin poświęciłeś?', required: false, options: { min: 0, max: 100 } },
				{ surveyId: activity.id, position: 4, type: 'short_text', text: 'Jednym słowem', required: false, options: {} },
				{ surveyId: activity.id, position: 5, type: 'long_text', text: 'Uwagi', required: false, options: {} }
			])
			.returning();
		const byPos = q.sort((a, b) => a.position - b.position);
		return { course, activityId: activity.id, q: { rating: byPos[0].id, single: byPos[1].id, multiple: byPos[2].id, numeric: byPos[3].id, short: byPos[4].id, long: byPos[5].id } };
	}
	const enrol = (courseId: string, userId: string) => db.insert(enrolments).values({ courseId, userId });
	const addTrainer = (courseId: string, userId: string) => db.insert(courseTrainers).values({ courseId, userId, role: 'owner' });
	return { person, survey, enrol, addTrainer };
}

describe('survey answer checks', () => {
	const questions = [
		{ id: 'r', type: 'rating' as const, required: true, options: { scaleMin: 1, scaleMax: 5 } },
		{ id: 'n', type: 'numeric' as const, required: false, options: { min: 0, max: 10 } },
		{ id: 'm', type: 'multiple' as const, required: false, options: { choices: ['a', 'b'] } }
	];
	it('accepts a Polish decimal comma and refuses numbers outside the range, choices out of range and a missing required answer', () => {
		expect(parseDecimal('3,5')).toBe(3.5);
		expect(parseDecimal('1 000')).toBe(1000);
		expect(parseDecimal('12abc')).toBeNull();
		expect(checkAnswers(questions, { r: ['4'], n: ['2,5'], m: ['1', '0'] })).toEqual({
			ok: true,
			answers: [
				{ questionId: 'r', valueText: null, valueNumber: 4, valueChoices: null },
				{ questionId: 'n', valueText: null, valueNumber: 2.5, valueChoices: null },
				{ questionId: 'm', valueText: null, valueNumber: null, valueChoices: [0, 1] }
			]
		});
		expect(checkAnswers(questions, { r: ['6'], n: ['10,5'], m: ['2'] })).toEqual({ ok: false, errors: { r: 'surveys.answer.choice', n: 'surveys.answer.tooLarge', m: 'surveys.answer.choice' } });
		expect(checkAnswers(questions, { n: ['-1'], m: ['0', '0'] })).toEqual({ ok: false, errors: { r: 'surveys.answer.required', n: 'surveys.answer.tooSmall', m: 'surveys.answer.choice' } });
	});
});

describe.each(testDrivers())('surveys on %s', (driver) => {
	let database: Database;
	let f: ReturnType<typeof fixtures>;
	const clock = fixedClock(new Date('2026-03-10T23:30:00Z'));
	const deps = () => ({ db: database.db, clock });
	const responsesOf = (surveyId: string) => database.db.select().from(surveyResponses).where(eq(surveyResponses.surveyId, surveyId));
	const goodAnswers = (q: Awaited<ReturnType<typeof f.survey>>['q']) => ({
		[q.rating]: ['5'],
		[q.single]: ['1'],
		[q.multiple]: ['0', '2'],
		[q.numeric]: ['7,5'],
		[q.short]: ['=HYPERLINK("x")'],
		[q.long]: ['Świetne ćwiczenia, dziękuję.']
	});

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		f = fixtures(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('stores an anonymous response with no user id and only the Polish day, apart from the respondent mark, and completes the activity', async () => {
		const s = await f.survey({ anonymous: true });
		const p = await f.person();
		await f.enrol(s.course.id, p.id);
		await submitResponse(deps(), { user: p, activityId: s.activityId, answers: goodAnswers(s.q) });

		const [response] = await responsesOf(s.activityId);
		expect(response.userId).toBeNull();
		// 23:30 UTC on 10 March is already 11 March in Warsaw.
		expect(response.submittedOn).toBe('2026-03-11');
		const respondents = await database.db.select().from(surveyRespondents).where(eq(surveyRespondents.surveyId, s.activityId));
		expect(respondents.map((r) => r.userId)).toEqual([p.id]);
		const answers = await database.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, response.id));
		expect(answers).toHaveLength(6);
		// No column of the response or its answers holds the person's id, name or email.
		const dump = JSON.stringify([response, answers]);
		for (const needle of [p.id, p.email, p.givenName]) expect(dump).not.toContain(needle);
		const completions = await database.db.select().from(activityCompletions).where(eq(activityCompletions.activityId, s.activityId));
		expect(completions.map((c) => c.userId)).toEqual([p.id]);

		const exported = JSON.stringify(await surveysPrivacy.export(database.db, p.id));
		expect(exported).toContain(s.activityId);
		expect(exported).not.toContain('Świetne ćwiczenia');
		expect(exported).not.toContain(response.id);
		expect((await getSurveyPage(deps(), { user: p, slug: s.course.slug, activityId: s.activityId })).mode).toBe('responded');
	});

	it('keeps the person with a named response, exports it in "my data", and anonymises it on erasure', async () => {
		const s = await f.survey({ anonymous: false, completion: 'manual' });
		const p = await f.person();
		await f.enrol(s.course.id, p.id);
		await submitResponse(deps(), { user: p, activityId: s.activityId, answers: goodAnswers(s.q) });
		const [response] = await responsesOf(s.activityId);
		expect(response.userId).toBe(p.id);
		expect(await database.db.select().from(activityCompletions).where(eq(activityCompletions.activityId, s.activityId))).toEqual([]);
		expect(JSON.stringify(await surveysPrivacy.export(database.db, p.id))).toContain('Świetne ćwiczenia');
		await database.db.transaction((tx) => surveysPrivacy.erase(tx, p.id));
		expect((await responsesOf(s.activityId))[0].userId).toBeNull();
		expect(await database.db.select().from(surveyRespondents).where(eq(surveyRespondents.userId, p.id))).toEqual([]);
	});

	it('accepts one response per participant, also when two submissions race', async () => {
		const s = await f.survey({ anonymous: true });
		const p = await f.person();
		await f.enrol(s.course.id, p.id);
		const submit = () => codeOf(submitResponse(deps(), { user: p, activityId: s.activityId, answers: goodAnswers(s.q) }));
		// PostgreSQL runs them concurrently (the primary key decides); PGlite has one connection and runs them in turn.
		const codes = await Promise.all([submit(), submit(), submit()]);
		expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
		expect(codes.filter((c) => c === 'surveys.already_responded')).toHaveLength(2);
		expect(await responsesOf(s.activityId)).toHaveLength(1);
		const answers = await database.db.execute(sql`select count(*)::int as n from survey_answers a join survey_responses r on r.id = a.response_id where r.survey_id = ${s.activityId}`);
		const rows = Array.isArray(answers) ? answers : (answers as { rows: unknown[] }).rows;
		expect((rows[0] as { n: number }).n).toBe(6);
	});

	it('refuses invalid answers with a message per question and stores nothing', async () => {
		const s = await f.survey();
		const p = await f.person();
		await f.enrol(s.course.id, p.id);
		let details: unknown;
		try {
			await submitResponse(deps(), { user: p, activityId: s.activityId, answers: { [s.q.numeric]: ['abc'], [s.q.single]: ['7'], [s.q.short]: ['x'.repeat(501)] } });
		} catch (error) {
			details = (error as { code: string; details: unknown }).details;
		}
		expect(details).toEqual({ fields: { [s.q.rating]: 'surveys.answer.required', [s.q.single]: 'surveys.answer.choice', [s.q.numeric]: 'surveys.answer.number', [s.q.short]: 'surveys.answer.tooLong' } });
		expect(await responsesOf(s.activityId)).toEqual([]);
		expect(await database.db.select().from(surveyRespondents).where(eq(surveyRespondents.surveyId, s.activityId))).toEqual([]);
	});

	it('lets only enrolled participants respond: managers preview, visitors are refused, dates are enforced', async () => {
		const s = await f.survey();
		const trainer = await f.person(['trainer']);
		const stranger = await f.person();
		await f.addTrainer(s.course.id, trainer.id);
		expect(await codeOf(submitResponse(deps(), { user: trainer, activityId: s.activityId, answers: goodAnswers(s.q) }))).toBe('surveys.preview_only');
		expect(await codeOf(submitResponse(deps(), { user: stranger, activityId: s.activityId, answers: goodAnswers(s.q) }))).toBe('surveys.not_participant');
		expect((await getSurveyPage(deps(), { user: null, slug: s.course.slug, activityId: s.activityId })).mode).toBe('signin');
		expect((await getSurveyPage(deps(), { user: null, slug: s.course.slug, activityId: s.activityId })).questions).toEqual([]);
		expect((await getSurveyPage(deps(), { user: stranger, slug: s.course.slug, activityId: s.activityId })).mode).toBe('enrol');
		expect((await getSurveyPage(deps(), { user: trainer, slug: s.course.slug, activityId: s.activityId })).questions).toHaveLength(6);
		expect(await codeOf(getSurveyPage(deps(), { user: null, slug: 'inny-kurs', activityId: s.activityId }))).toBe('surveys.not_found');

		const later = await f.survey({ opensAt: new Date('2026-04-01T00:00:00Z') });
		const closed = await f.survey({ closesAt: new Date('2026-03-01T00:00:00Z') });
		const p = await f.person();
		await f.enrol(later.course.id, p.id);
		await f.enrol(closed.course.id, p.id);
		expect(await codeOf(submitResponse(deps(), { user: p, activityId: later.activityId, answers: goodAnswers(later.q) }))).toBe('surveys.not_open');
		expect(await codeOf(submitResponse(deps(), { user: p, activityId: closed.activityId, answers: goodAnswers(closed.q) }))).toBe('surveys.closed');
		expect((await getSurveyPage(deps(), { user: p, slug: closed.course.slug, activityId: closed.activityId })).state).toBe('closed');
		expect(await responsesOf(later.activityId)).toEqual([]);
		expect(await responsesOf(closed.activityId)).toEqual([]);
		const draft = await f.survey({ status: 'draft' });
		expect(await codeOf(getSurveyPage(deps(), { user: p, slug: draft.course.slug, activityId: draft.activityId }))).toBe('surveys.not_found');
	});

	it('aggregates results for managers and exports CSV without person columns for an anonymous survey', async () => {
		const s = await f.survey({ anonymous: true });
		const trainer = await f.person(['trainer']);
		await f.addTrainer(s.course.id, trainer.id);
		const people = [await f.person(), await f.person(), await f.person()];
		for (const p of people) await f.enrol(s.course.id, p.id);
		await submitResponse(deps(), { user: people[0], activityId: s.activityId, answers: goodAnswers(s.q) });
		await submitResponse(deps(), { user: people[1], activityId: s.activityId, answers: { [s.q.rating]: ['3'], [s.q.multiple]: ['0'], [s.q.numeric]: ['2'], [s.q.short]: ['Ala'] } });
		await submitResponse(deps(), { user: people[2], activityId: s.activityId, answers: { [s.q.rating]: ['5'], [s.q.numeric]: ['4'] } });

		const results = await getResults(deps(), { user: trainer, courseId: s.course.id, activityId: s.activityId });
		expect(results.responses).toBe(3);
		const [rating, single, multiple, numeric, short] = results.results;
		expect(rating.bars!.map((b) => b.count)).toEqual([0, 0, 1, 0, 2]);
		expect(rating.bars![4].percent).toBe(66.7);
		expect(single.bars).toEqual([{ label: 'zdalnie', count: 0, percent: 0 }, { label: 'stacjonarnie', count: 1, percent: 100 }]);
		expect(multiple.bars!.map((b) => b.count)).toEqual([2, 0, 1]);
		expect(numeric.stats).toEqual({ mean: 4.5, median: 4, min: 2, max: 7.5 });
		expect(short.texts!.items).toEqual(['=HYPERLINK("x")', 'Ala']);

		const csv = await exportResponses(deps(), { user: trainer, courseId: s.course.id, activityId: s.activityId, locale: 'pl' });
		const lines = csv.body.replace('\ufeff', '').trim().split('\r\n');
		expect(lines).toHaveLength(4);
		expect(lines[0]).toMatch(/^"Dzień odpowiedzi","1\. Jak oceniasz szkolenie\?"/);
		expect(csv.body).toContain(`"'=HYPERLINK(""x"")"`);
		for (const p of people) expect(csv.body).not.toContain(p.email);
	});

	it('pages text answers ordered by their content, not by when they were given', async () => {
		const s = await f.survey({ anonymous: true });
		const trainer = await f.person(['trainer']);
		await f.addTrainer(s.course.id, trainer.id);
		const words = Array.from({ length: 23 }, (_, i) => `odpowiedź ${String(22 - i).padStart(2, '0')}`);
		for (const word of words) {
			const p = await f.person();
			await f.enrol(s.course.id, p.id);
			await submitResponse(deps(), { user: p, activityId: s.activityId, answers: { [s.q.rating]: ['3'], [s.q.short]: [word] } });
		}
		const second = await getResults(deps(), { user: trainer, courseId: s.course.id, activityId: s.activityId, textPages: { [s.q.short]: 2 } });
		const texts = second.results[4].texts!;
		expect(texts).toMatchObject({ page: 2, pages: 2 });
		expect(texts.items).toEqual(['odpowiedź 20', 'odpowiedź 21', 'odpowiedź 22']);
	});

	it('exports name and email for a named survey', async () => {
		const s = await f.survey({ anonymous: false });
		const trainer = await f.person(['trainer']);
		await f.addTrainer(s.course.id, trainer.id);
		const p = await f.person();
		await f.enrol(s.course.id, p.id);
		await submitResponse(deps(), { user: p, activityId: s.activityId, answers: goodAnswers(s.q) });
		const csv = await exportResponses(deps(), { user: trainer, courseId: s.course.id, activityId: s.activityId, locale: 'en' });
		expect(csv.body).toContain('"Name","Email","Day of response"');
		expect(csv.body).toContain(`"${p.givenName} Żółkiewska","${p.email}"`);
	});

	it('answers "not found" on results, export and edits to a participant and another trainer, changing nothing', async () => {
		const s = await f.survey();
		const p = await f.person();
		const other = await f.person(['trainer']);
		await f.enrol(s.course.id, p.id);
		for (const user of [p, other]) {
			const input = { user, courseId: s.course.id, activityId: s.activityId };
			expect(await codeOf(getResults(deps(), input))).toBe('surveys.not_found');
			expect(await codeOf(exportResponses(deps(), { ...input, locale: 'pl' }))).toBe('surveys.not_found');
			expect(await codeOf(getSurveyAdmin(deps(), input))).toBe('surveys.not_found');
			expect(await codeOf(saveSettings(deps(), { ...input, anonymous: true, opensAt: null, closesAt: null }))).toBe('surveys.not_found');
			expect(await codeOf(removeQuestion(deps(), { ...input, questionId: s.q.rating }))).toBe('surveys.not_found');
			expect(await codeOf(addQuestion(deps(), { ...input, form: { type: 'long_text', text: 'Nowe', required: false, choices: '', scaleMin: '1', scaleMax: '5', minLabel: '', maxLabel: '', min: '', max: '' } }))).toBe('surveys.not_found');
		}
		const [row] = await database.db.select().from(surveys).where(eq(surveys.activityId, s.activityId));
		expect(row.anonymous).toBe(false);
		expect(await database.db.select().from(surveyQuestions).where(eq(surveyQuestions.surveyId, s.activityId))).toHaveLength(6);
	});

	it('lets managers edit questions and settings, and locks structure and anonymity once responses exist', async () => {
		const s = await f.survey();
		const trainer = await f.person(['trainer']);
		await f.addTrainer(s.course.id, trainer.id);
		const input = { user: trainer, courseId: s.course.id, activityId: s.activityId };
		const form = (over: Record<string, unknown> = {}) => ({ type: 'single', text: 'Czy polecisz kurs?', required: true, choices: 'tak\nnie\n', scaleMin: '1', scaleMax: '5', minLabel: '', maxLabel: '', min: '', max: '', ...over });
		const added = await addQuestion(deps(), { ...input, form: form() });
		expect(added.options).toEqual({ choices: ['tak', 'nie'] });
		expect(await codeOf(addQuestion(deps(), { ...input, form: form({ choices: 'tylko jedna' }) }))).toBe('surveys.invalid_input');
		await moveQuestion(deps(), { ...input, questionId: added.id, direction: 'up' });
		expect((await getSurveyAdmin(deps(), input)).questions.map((q) => q.id).slice(-2)).toEqual([added.id, s.q.long]);
		await saveSettings(deps(), { ...input, anonymous: true, opensAt: null, closesAt: null });
		expect(await codeOf(saveSettings(deps(), { ...input, anonymous: true, opensAt: new Date('2026-03-10'), closesAt: new Date('2026-03-09') }))).toBe('surveys.invalid_input');

		const p = await f.person();
		await f.enrol(s.course.id, p.id);
		await submitResponse(deps(), { user: p, activityId: s.activityId, answers: { ...goodAnswers(s.q), [added.id]: ['0'] } });
		expect((await getSurveyAdmin(deps(), input)).locked).toBe(true);
		expect(await codeOf(saveSettings(deps(), { ...input, anonymous: false, opensAt: null, closesAt: null }))).toBe('surveys.locked');
		expect(await codeOf(saveSettings(deps(), { ...input, anonymous: true, opensAt: null, closesAt: new Date('2026-05-01') }))).toBe('ok');
		expect(await codeOf(addQuestion(deps(), { ...input, form: form() }))).toBe('surveys.locked');
		expect(await codeOf(removeQuestion(deps(), { ...input, questionId: added.id }))).toBe('surveys.locked');
		expect(await codeOf(editQuestion(deps(), { ...input, questionId: added.id, form: form({ choices: 'tak\nnie\nnie wiem' }) }))).toBe('surveys.locked');
		expect(await codeOf(editQuestion(deps(), { ...input, questionId: added.id, form: form({ text: 'Czy polecisz ten kurs innym?', choices: 'tak, polecę\nnie' }) }))).toBe('ok');
		const [changed] = await database.db.select().from(surveyQuestions).where(eq(surveyQuestions.id, added.id));
		expect(changed).toMatchObject({ text: 'Czy polecisz ten kurs innym?', options: { choices: ['tak, polecę', 'nie'] } });
	});
});

describe('Polish date and time fields', () => {
	it('reads a local time in winter and summer and writes it back', async () => {
		const { parseWarsawDateTime, toWarsawDateTime } = await import('./surveys.schemas');
		expect(parseWarsawDateTime('2026-01-15T09:00')?.toISOString()).toBe('2026-01-15T08:00:00.000Z');
		expect(parseWarsawDateTime('2026-07-01 09:30')?.toISOString()).toBe('2026-07-01T07:30:00.000Z');
		expect(parseWarsawDateTime('')).toBeNull();
		expect(parseWarsawDateTime('2026-02-30T10:00')).toBeUndefined();
		expect(toWarsawDateTime('2026-07-01T07:30:00.000Z')).toBe('2026-07-01T09:30');
	});
});
