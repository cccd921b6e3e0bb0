import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../src/lib/server/db/client';
import { activities, courseSections, courseTrainers, courses, enrolments } from '../../src/lib/server/courses/courses.tables';
import { questionCategories, questionVersions, questions, quizSlots, quizzes } from '../../src/lib/server/quiz/quiz.tables';
import { defaultReviewOptions } from '../../src/lib/quiz/settings';
import type { QuestionDefinition } from '../../src/lib/quiz/questions';

/**
 * Quizzes written straight to the tables, for engine, report and e2e tests. Shared by
 * several test suites: extend, do not change what existing options mean.
 */

/** A few ready questions of different types (Polish text, diacritics on purpose). */
export const sampleQuestions = {
	single: (): QuestionDefinition => ({
		name: 'Stolica',
		textMd: 'Które miasto jest stolicą województwa małopolskiego?',
		generalFeedbackMd: 'Kraków jest stolicą Małopolski.',
		defaultMark: 1,
		penalty: 0.3333333,
		hints: ['Pomyśl o Wawelu.'],
		data: {
			type: 'single',
			shuffle: false,
			choices: [
				{ id: 'a', text: 'Kraków', fraction: 1, feedback: 'Dobrze!' },
				{ id: 'b', text: 'Łódź', fraction: 0, feedback: 'Łódź leży w łódzkim.' },
				{ id: 'c', text: 'Gdańsk', fraction: 0, feedback: 'Gdańsk leży w pomorskim.' }
			]
		}
	}),
	multiple: (): QuestionDefinition => ({
		name: 'Dane osobowe',
		textMd: 'Które z poniższych są danymi osobowymi?',
		generalFeedbackMd: '',
		defaultMark: 2,
		penalty: 0.3333333,
		hints: [],
		data: {
			type: 'multiple',
			shuffle: false,
			scoring: 'partial',
			choices: [
				{ id: 'a', text: 'Imię i nazwisko', fraction: 0.5, feedback: '' },
				{ id: 'b', text: 'Numer PESEL', fraction: 0.5, feedback: '' },
				{ id: 'c', text: 'Średnia temperatura w lipcu', fraction: -1, feedback: 'To nie dotyczy osoby.' }
			]
		}
	}),
	truefalse: (): QuestionDefinition => ({
		name: 'RODO',
		textMd: 'RODO obowiązuje od 25 maja 2018 r.',
		generalFeedbackMd: '',
		defaultMark: 1,
		penalty: 0.3333333,
		hints: [],
		data: { type: 'truefalse', correct: true, feedbackTrue: 'Tak.', feedbackFalse: 'Niestety nie.' }
	}),
	shortanswer: (): QuestionDefinition => ({
		name: 'Skrót',
		textMd: 'Jak brzmi polski skrót ogólnego rozporządzenia o ochronie danych?',
		generalFeedbackMd: '',
		defaultMark: 1,
		penalty: 0.3333333,
		hints: [],
		data: { type: 'shortanswer', caseSensitive: false, answers: [{ id: 'a', text: 'RODO', fraction: 1, feedback: '' }] }
	}),
	numerical: (): QuestionDefinition => ({
		name: 'Termin',
		textMd: 'Ile godzin ma administrator na zgłoszenie naruszenia do UODO?',
		generalFeedbackMd: '',
		defaultMark: 1,
		penalty: 0.3333333,
		hints: [],
		data: { type: 'numerical', answers: [{ id: 'a', value: 72, tolerance: 0, fraction: 1, feedback: '' }], units: [{ unit: 'h', multiplier: 1 }], unitRequired: false }
	}),
	essay: (): QuestionDefinition => ({
		name: 'Opis',
		textMd: 'Opisz, jak zgłosisz naruszenie ochrony danych w swoim urzędzie.',
		generalFeedbackMd: '',
		defaultMark: 5,
		penalty: 0,
		hints: [],
		data: { type: 'essay', minWords: null, maxWords: 300, responseTemplate: '', graderInfo: 'Zgłoszenie do IOD w ciągu 24 godzin.' }
	})
};

export interface QuizFixtureInput {
	/** An existing course, or a new published public one. */
	courseId?: string;
	title?: string;
	questions?: QuestionDefinition[];
	/** Quiz settings overriding the defaults (columns of `quizzes`). */
	settings?: Partial<typeof quizzes.$inferInsert>;
	/** Completion rule of the activity (default pass). */
	completion?: 'manual' | 'submit' | 'pass';
}

export function quizFixtures(db: DbOrTx) {
	const unique = () => randomBytes(4).toString('hex');

	async function course(input: { visibility?: 'private' | 'outline' | 'public'; status?: 'draft' | 'published' } = {}) {
		const id = unique();
		const [row] = await db
			.insert(courses)
			.values({ slug: `quiz-${id}`, title: `Kurs z quizem ${id}`, visibility: input.visibility ?? 'public', status: input.status ?? 'published' })
			.returning();
		const [section] = await db.insert(courseSections).values({ courseId: row.id, title: 'Sprawdź się', position: 0 }).returning();
		return { ...row, sectionId: section.id };
	}

	/** A category and its questions, each at version 1. */
	async function bank(courseId: string, definitions: QuestionDefinition[], name = `Kategoria ${unique()}`) {
		const [category] = await db.insert(questionCategories).values({ courseId, name }).returning();
		const created: { questionId: string; versionId: string; definition: QuestionDefinition }[] = [];
		for (const definition of definitions) {
			const [question] = await db.insert(questions).values({ courseId, categoryId: category.id }).returning();
			const [version] = await db
				.insert(questionVersions)
				.values({ questionId: question.id, version: 1, type: definition.data.type, ...definition })
				.returning();
			created.push({ questionId: question.id, versionId: version.id, definition });
		}
		return { categoryId: category.id, questions: created };
	}

	/** A quiz activity with one slot per question (marks = default marks), in a new or given course. */
	async function quiz(input: QuizFixtureInput = {}) {
		const c = input.courseId ? { id: input.courseId, ...(await sectionOf(input.courseId)) } : await course();
		const [activity] = await db
			.insert(activities)
			.values({ courseId: c.id, sectionId: c.sectionId, type: 'quiz', title: input.title ?? 'Test końcowy', position: 0, completion: input.completion ?? 'pass' })
			.returning();
		await db.insert(quizzes).values({ activityId: activity.id, courseId: c.id, review: defaultReviewOptions(), ...input.settings });
		const defs = input.questions ?? [sampleQuestions.single(), sampleQuestions.truefalse()];
		const made = await bank(c.id, defs);
		let position = 0;
		for (const q of made.questions) {
			await db.insert(quizSlots).values({ quizId: activity.id, position: position++, questionId: q.questionId, mark: q.definition.defaultMark });
		}
		const [courseRow] = await db.select().from(courses).where(eqId(c.id));
		return { course: courseRow, activityId: activity.id, categoryId: made.categoryId, questions: made.questions };
	}

	async function sectionOf(courseId: string) {
		const [section] = await db.select().from(courseSections).where(eqCourse(courseId)).limit(1);
		if (section) return { sectionId: section.id };
		const [created] = await db.insert(courseSections).values({ courseId, title: 'Sprawdź się', position: 0 }).returning();
		return { sectionId: created.id };
	}

	const enrol = (courseId: string, userId: string) => db.insert(enrolments).values({ courseId, userId });
	const addTrainer = (courseId: string, userId: string) => db.insert(courseTrainers).values({ courseId, userId, role: 'owner' });

	return { course, bank, quiz, enrol, addTrainer };
}

const eqId = (id: string) => eq(courses.id, id);
const eqCourse = (id: string) => eq(courseSections.courseId, id);
