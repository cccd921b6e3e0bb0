import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { quizFixtures, sampleQuestions } from '../../../../tests/support/quiz-fixtures';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { attemptQuestions, questionCategories, questionVersions, questions, quizAttempts, quizSlots } from './quiz.tables';
import {
	createCategory,
	createQuestion,
	deleteCategory,
	deleteQuestion,
	exportQuestions,
	getQuestion,
	importQuestions,
	listCategories,
	listQuestions,
	moveCategory,
	previewQuestion,
	renameCategory,
	setArchived,
	updateQuestion
} from './questions.service';

const codeOf = async (work: Promise<unknown>) => {
	try {
		await work;
		return 'ok';
	} catch (error) {
		const e = error as { code?: string; details?: { field?: string } };
		return e.details?.field ? `${e.code}:${e.details.field}` : (e.code ?? String(error));
	}
};

const GIFT = `$CATEGORY: $course$/top/Ochrona danych

::RODO::RODO obowiązuje od 25 maja 2018 r.{T}

::Stolica::Które miasto jest stolicą Małopolski?{=Kraków ~Łódź ~Gdańsk}
`;

describe.each(testDrivers())('the question bank on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-03-10T09:00:00Z'));
	let people: ReturnType<typeof discussionFixtures>;
	let quiz: ReturnType<typeof quizFixtures>;
	const deps = () => ({ db: database.db, clock });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		people = discussionFixtures(database.db);
		quiz = quizFixtures(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	async function setup() {
		const course = await quiz.course();
		const trainer = await people.person({ roles: ['trainer'] });
		await quiz.addTrainer(course.id, trainer.id);
		return { course, trainer };
	}
	const rowsIn = async (courseId: string) => ({
		categories: (await database.db.select().from(questionCategories).where(eq(questionCategories.courseId, courseId))).length,
		questions: (await database.db.select().from(questions).where(eq(questions.courseId, courseId))).length
	});

	it('lists categories with question counts and questions with usage, for the course managers only', async () => {
		const { course, trainer } = await setup();
		const made = await quiz.quiz({ courseId: course.id, questions: [sampleQuestions.single(), sampleQuestions.truefalse()] });
		const other = await quiz.bank(course.id, [sampleQuestions.essay()], 'Eseje');
		await setArchived(deps(), { actor: trainer, courseId: course.id, questionId: other.questions[0].questionId, archived: true });

		const categories = await listCategories(deps(), { actor: trainer, courseId: course.id });
		expect(categories.map((c) => [c.name, c.questionCount])).toEqual(expect.arrayContaining([['Eseje', 0]]));
		expect(categories.find((c) => c.id === made.categoryId)?.questionCount).toBe(2);

		const page = await listQuestions(deps(), { actor: trainer, courseId: course.id, limit: 10, offset: 0 });
		expect(page.total).toBe(2);
		expect(page.rows.every((r) => r.usedInQuizzes === 1 && !r.archived && r.currentVersion === 1)).toBe(true);
		const all = await listQuestions(deps(), { actor: trainer, courseId: course.id, limit: 10, offset: 0, includeArchived: true });
		expect(all.rows.find((r) => r.name === 'Opis')).toMatchObject({ archived: true, usedInQuizzes: 0, categoryName: 'Eseje', type: 'essay' });

		const found = await listQuestions(deps(), { actor: trainer, courseId: course.id, search: 'stoli', limit: 10, offset: 0 });
		expect(found.rows.map((r) => r.name)).toEqual(['Stolica']);
		const byCategory = await listQuestions(deps(), { actor: trainer, courseId: course.id, categoryId: made.categoryId, limit: 1, offset: 1 });
		expect([byCategory.total, byCategory.rows.length]).toEqual([2, 1]);
		const literal = await listQuestions(deps(), { actor: trainer, courseId: course.id, search: '%', limit: 10, offset: 0 });
		expect(literal.total).toBe(0);
	});

	it('hides the bank from participants, visitors and trainers of other courses, and writes nothing for them', async () => {
		const { course } = await setup();
		const participant = await people.person();
		await quiz.enrol(course.id, participant.id);
		const otherTrainer = await people.person({ roles: ['trainer'] });
		const admin = await people.person({ roles: ['admin'] });
		const made = await quiz.bank(course.id, [sampleQuestions.single()], 'Podstawy');
		for (const actor of [participant, otherTrainer]) {
			expect(await codeOf(listCategories(deps(), { actor, courseId: course.id }))).toBe('questions.not_found');
			expect(await codeOf(listQuestions(deps(), { actor, courseId: course.id, limit: 10, offset: 0 }))).toBe('questions.not_found');
			expect(await codeOf(createCategory(deps(), { actor, courseId: course.id, name: 'Obca' }))).toBe('questions.not_found');
			expect(await codeOf(createQuestion(deps(), { actor, courseId: course.id, categoryId: made.categoryId, definition: sampleQuestions.truefalse() }))).toBe('questions.not_found');
			expect(
				await codeOf(updateQuestion(deps(), { actor, courseId: course.id, questionId: made.questions[0].questionId, definition: sampleQuestions.single() }))
			).toBe('questions.not_found');
			expect(await codeOf(deleteCategory(deps(), { actor, courseId: course.id, categoryId: made.categoryId }))).toBe('questions.not_found');
			expect(await codeOf(exportQuestions(deps(), { actor, courseId: course.id, format: 'gift' }))).toBe('questions.not_found');
			expect(await codeOf(importQuestions(deps(), { actor, courseId: course.id, format: 'gift', text: GIFT, fallbackCategoryName: 'Import' }))).toBe('questions.not_found');
		}
		expect(await rowsIn(course.id)).toEqual({ categories: 1, questions: 1 });
		const versions = await database.db.select().from(questionVersions).where(eq(questionVersions.questionId, made.questions[0].questionId));
		expect(versions).toHaveLength(1);
		expect(await codeOf(listCategories(deps(), { actor: admin, courseId: course.id }))).toBe('ok');
		expect(await codeOf(listCategories(deps(), { actor: admin, courseId: 'not-a-uuid' }))).toBe('questions.not_found');
	});

	it('keeps category names unique per course, reorders them and refuses to delete one that holds questions', async () => {
		const { course, trainer } = await setup();
		const a = await createCategory(deps(), { actor: trainer, courseId: course.id, name: 'Ochrona danych' });
		const b = await createCategory(deps(), { actor: trainer, courseId: course.id, name: 'Łączność' });
		expect(await codeOf(createCategory(deps(), { actor: trainer, courseId: course.id, name: ' Ochrona danych ' }))).toBe('questions.invalid:categoryNameTaken');
		expect(await codeOf(createCategory(deps(), { actor: trainer, courseId: course.id, name: '   ' }))).toBe('questions.invalid:categoryName');
		expect(await codeOf(renameCategory(deps(), { actor: trainer, courseId: course.id, categoryId: b!.id, name: 'Ochrona danych' }))).toBe('questions.invalid:categoryNameTaken');
		await renameCategory(deps(), { actor: trainer, courseId: course.id, categoryId: b!.id, name: 'Łączność i sieć' });

		await moveCategory(deps(), { actor: trainer, courseId: course.id, categoryId: b!.id, direction: 'up' });
		expect((await listCategories(deps(), { actor: trainer, courseId: course.id })).map((c) => c.name)).toEqual(['Łączność i sieć', 'Ochrona danych']);

		const created = await createQuestion(deps(), { actor: trainer, courseId: course.id, categoryId: a!.id, definition: sampleQuestions.shortanswer() });
		expect(await codeOf(deleteCategory(deps(), { actor: trainer, courseId: course.id, categoryId: a!.id }))).toBe('questions.category_not_empty');
		await setArchived(deps(), { actor: trainer, courseId: course.id, questionId: created.question.id, archived: true });
		expect(await codeOf(deleteCategory(deps(), { actor: trainer, courseId: course.id, categoryId: a!.id }))).toBe('questions.category_not_empty');
		expect(await codeOf(deleteCategory(deps(), { actor: trainer, courseId: course.id, categoryId: b!.id }))).toBe('ok');
		expect((await rowsIn(course.id)).categories).toBe(1);
	});

	it('saves an edit as version 2 while version 1 and an attempt answered against it stay unchanged', async () => {
		const { course, trainer } = await setup();
		const made = await quiz.quiz({ courseId: course.id, questions: [sampleQuestions.single()] });
		const questionId = made.questions[0].questionId;
		const v1Id = made.questions[0].versionId;
		const student = await people.person();
		const [attempt] = await database.db.insert(quizAttempts).values({ quizId: made.activityId, userId: student.id, number: 1, startedAt: clock.now() }).returning();
		await database.db.insert(attemptQuestions).values({ attemptId: attempt.id, slot: 0, page: 0, questionVersionId: v1Id, maxMark: 1, response: { type: 'single', choice: 'a' } });
		const [v1Before] = await database.db.select().from(questionVersions).where(eq(questionVersions.id, v1Id));

		const edited = { ...sampleQuestions.single(), textMd: 'Które miasto jest stolicą Polski?', name: 'Stolica kraju' };
		edited.data = { ...edited.data, type: 'single', choices: [{ id: 'a', text: 'Warszawa', fraction: 1, feedback: 'Tak!' }, { id: 'b', text: 'Kraków', fraction: 0, feedback: '' }], shuffle: false };
		clock.advance(60_000);
		const saved = await updateQuestion(deps(), { actor: trainer, courseId: course.id, questionId, definition: edited });
		expect(saved.version.version).toBe(2);

		const [v1After] = await database.db.select().from(questionVersions).where(eq(questionVersions.id, v1Id));
		expect(v1After).toEqual(v1Before);
		const [used] = await database.db
			.select({ text: questionVersions.textMd, version: questionVersions.version })
			.from(attemptQuestions)
			.innerJoin(questionVersions, eq(questionVersions.id, attemptQuestions.questionVersionId))
			.where(eq(attemptQuestions.attemptId, attempt.id));
		expect(used).toEqual({ text: 'Które miasto jest stolicą województwa małopolskiego?', version: 1 });

		const view = await getQuestion(deps(), { actor: trainer, courseId: course.id, questionId });
		expect(view.question.currentVersion).toBe(2);
		expect(view.version.textMd).toBe('Które miasto jest stolicą Polski?');
		expect(view.history.map((h) => h.version)).toEqual([2, 1]);
		expect((await getQuestion(deps(), { actor: trainer, courseId: course.id, questionId, version: 1 })).version.name).toBe('Stolica');
		expect(view.inUse).toBe(true);

		expect(await codeOf(updateQuestion(deps(), { actor: trainer, courseId: course.id, questionId, definition: sampleQuestions.truefalse() }))).toBe('questions.invalid:type');
		expect(await codeOf(deleteQuestion(deps(), { actor: trainer, courseId: course.id, questionId }))).toBe('questions.in_use');
		const { name } = (await listQuestions(deps(), { actor: trainer, courseId: course.id, limit: 5, offset: 0 })).rows[0];
		expect(name).toBe('Stolica kraju');
	});

	it('gives two edits saved at the same time two different version numbers', async () => {
		const { course, trainer } = await setup();
		const made = await quiz.bank(course.id, [sampleQuestions.truefalse()]);
		const questionId = made.questions[0].questionId;
		const edit = (text: string) => updateQuestion(deps(), { actor: trainer, courseId: course.id, questionId, definition: { ...sampleQuestions.truefalse(), textMd: text } });
		const results = await Promise.all([edit('Wersja A'), edit('Wersja B'), edit('Wersja C')]);
		expect(results.map((r) => r.version.version).sort()).toEqual([2, 3, 4]);
		const [row] = await database.db.select().from(questions).where(eq(questions.id, questionId));
		expect(row.currentVersion).toBe(4);
	});

	it('archives a question used in a quiz (hidden, kept), and deletes an unused one', async () => {
		const { course, trainer } = await setup();
		const made = await quiz.quiz({ courseId: course.id, questions: [sampleQuestions.numerical()] });
		const spare = await createQuestion(deps(), { actor: trainer, courseId: course.id, categoryId: made.categoryId, definition: sampleQuestions.essay() });
		const usedId = made.questions[0].questionId;
		await setArchived(deps(), { actor: trainer, courseId: course.id, questionId: usedId, archived: true });
		expect((await listQuestions(deps(), { actor: trainer, courseId: course.id, limit: 10, offset: 0 })).rows.map((r) => r.id)).toEqual([spare.question.id]);
		expect((await database.db.select().from(quizSlots).where(eq(quizSlots.questionId, usedId))).length).toBe(1);
		await deleteQuestion(deps(), { actor: trainer, courseId: course.id, questionId: spare.question.id });
		expect((await rowsIn(course.id)).questions).toBe(1);
		await setArchived(deps(), { actor: trainer, courseId: course.id, questionId: usedId, archived: false });
		expect((await listQuestions(deps(), { actor: trainer, courseId: course.id, limit: 10, offset: 0 })).total).toBe(1);
	});

	it('refuses an invalid definition and writes nothing', async () => {
		const { course, trainer } = await setup();
		const category = await createCategory(deps(), { actor: trainer, courseId: course.id, name: 'Zła' });
		const broken = { ...sampleQuestions.single(), name: '' };
		expect(await codeOf(createQuestion(deps(), { actor: trainer, courseId: course.id, categoryId: category!.id, definition: broken }))).toBe('questions.invalid:name');
		expect((await rowsIn(course.id)).questions).toBe(0);
	});

	it('previews a question without its answer key and grades a test answer without storing anything', async () => {
		const { course, trainer } = await setup();
		const made = await quiz.bank(course.id, [sampleQuestions.single()]);
		const questionId = made.questions[0].questionId;
		const blank = await previewQuestion(deps(), { actor: trainer, courseId: course.id, questionId, locale: 'pl' });
		expect(blank.display.feedback).toBeUndefined();
		expect(JSON.stringify(blank.display)).not.toContain('fraction');
		const checked = await previewQuestion(deps(), { actor: trainer, courseId: course.id, questionId, locale: 'pl', answer: () => ({ type: 'single', choice: 'a' }) });
		expect(checked.display.feedback?.state).toBe('correct');
		expect(checked.display.feedback?.specificHtml?.join('')).toContain('Dobrze!');
		expect(await codeOf(previewQuestion(deps(), { actor: trainer, courseId: course.id, questionId, locale: 'pl', answer: () => ({ type: 'truefalse', value: true }) }))).toBe('questions.invalid:response');
		const student = await people.person();
		expect(await codeOf(previewQuestion(deps(), { actor: student, courseId: course.id, questionId, locale: 'pl' }))).toBe('questions.not_found');
	});

	describe('import and export', () => {
		it('imports a GIFT file into the categories it names and exports it back', async () => {
			const { course, trainer } = await setup();
			const result = await importQuestions(deps(), { actor: trainer, courseId: course.id, format: 'gift', text: GIFT, fallbackCategoryName: 'Zaimportowane' });
			expect(result.imported).toBe(2);
			const categories = await listCategories(deps(), { actor: trainer, courseId: course.id });
			expect(categories.map((c) => [c.name, c.questionCount])).toEqual([['Ochrona danych', 2]]);
			const again = await importQuestions(deps(), { actor: trainer, courseId: course.id, format: 'gift', text: GIFT, fallbackCategoryName: 'Zaimportowane' });
			expect(again.imported).toBe(2);
			expect((await listCategories(deps(), { actor: trainer, courseId: course.id })).map((c) => c.questionCount)).toEqual([4]);

			const file = await exportQuestions(deps(), { actor: trainer, courseId: course.id, format: 'gift' });
			expect(file.contentType).toContain('text/plain');
			expect(file.body).toContain('Kraków');
			const xml = await exportQuestions(deps(), { actor: trainer, courseId: course.id, categoryId: categories[0].id, format: 'xml' });
			expect(xml.filename).toMatch(/\.xml$/);
			expect(xml.body).toContain('Małopolski');
		});

		it('puts every imported question in the chosen category when one is picked', async () => {
			const { course, trainer } = await setup();
			const target = await createCategory(deps(), { actor: trainer, courseId: course.id, name: 'Cel' });
			await importQuestions(deps(), { actor: trainer, courseId: course.id, format: 'gift', text: GIFT, categoryId: target!.id, fallbackCategoryName: 'Zaimportowane' });
			expect((await listCategories(deps(), { actor: trainer, courseId: course.id })).map((c) => [c.name, c.questionCount])).toEqual([['Cel', 2]]);
		});

		it('rolls back the categories it created when a later question cannot be written', async () => {
			const { course, trainer } = await setup();
			const text = `${GIFT}\n$CATEGORY: $course$/top\n\n::Bez kategorii::Pytanie bez kategorii?{T}\n`;
			const code = await codeOf(importQuestions(deps(), { actor: trainer, courseId: course.id, format: 'gift', text, fallbackCategoryName: '   ' }));
			expect(code).toBe('questions.invalid:categoryName');
			expect(await rowsIn(course.id)).toEqual({ categories: 0, questions: 0 });
		});

		it('imports nothing from a malformed file and says where the problem is', async () => {
			const { course, trainer } = await setup();
			const malformed = `${GIFT}\n::Zepsute::Brak zamknięcia {=tak ~nie\n`;
			const error = await importQuestions(deps(), { actor: trainer, courseId: course.id, format: 'gift', text: malformed, fallbackCategoryName: 'Zaimportowane' }).catch((e) => e);
			expect(error.code).toBe('questions.import_malformed');
			expect(error.details.line).toBeGreaterThan(0);
			const xmlError = await importQuestions(deps(), { actor: trainer, courseId: course.id, format: 'xml', text: '<quiz><question type="multichoice">', fallbackCategoryName: 'X' }).catch((e) => e);
			expect(xmlError.code).toBe('questions.import_malformed');
			expect(await rowsIn(course.id)).toEqual({ categories: 0, questions: 0 });
		});
	});
});
