import type { Db } from '../../../src/lib/server/db/client';
import { users } from '../../../src/lib/server/users/users.tables';
import { activities, courseSections, courses, enrolments } from '../../../src/lib/server/courses/courses.tables';
import { questionCategories, questionVersions, questions, quizSlots, quizzes } from '../../../src/lib/server/quiz/quiz.tables';
import { defaultReviewOptions } from '../../../src/lib/quiz/settings';
import type { QuestionDefinition } from '../../../src/lib/quiz/questions';
import { sampleQuestions } from '../../support/quiz-fixtures';
import { quizAccounts } from './accounts-quiz';

/** The public, published course of the quiz journeys and its three quizzes (fixed ids). */
export const QUIZ_COURSE = {
	slug: 'e2e-quizy',
	title: 'Kurs z quizami (e2e)',
	/** Seven questions of different types, four per page (two pages). */
	mainId: '0b7c3a2e-1d4f-4a6b-8c9d-1e2f3a4b5c6d',
	mainTitle: 'Sprawdzian wiedzy o RODO',
	/** Two questions, 20-second time limit, submitted automatically. */
	timedId: '1c8d4b3f-2e5a-4b7c-9d0e-2f3a4b5c6d7e',
	timedTitle: 'Szybki test na czas',
	/** Open to anonymous visitors as practice. */
	practiceId: '2d9e5c4a-3f6b-4c8d-8e1f-3a4b5c6d7e8f',
	practiceTitle: 'Ćwiczenie: województwa',
	/** Interactive behaviour: "Sprawdź" grades a question at once, with a hint after a wrong try. */
	interactiveId: '3e0f6d5b-4a7c-4d9e-9f2a-4b5c6d7e8f90',
	interactiveTitle: 'Quiz z natychmiastową informacją',
	/** 30-second limit; an administrator grants extra time while the attempt runs. */
	extraTimeId: '4f1a7e6c-5b8d-4e0f-8a3b-5c6d7e8f9a01',
	extraTimeTitle: 'Test z wydłużonym czasem'
};

const matching = (): QuestionDefinition => ({
	name: 'Organy',
	textMd: 'Dopasuj organ do jego zadania.',
	generalFeedbackMd: '',
	defaultMark: 2,
	penalty: 0.3333333,
	hints: [],
	data: {
		type: 'matching',
		shuffle: false,
		distractors: ['Wydaje paszporty'],
		pairs: [
			{ id: 'p1', prompt: 'UODO', answer: 'Nadzoruje ochronę danych' },
			{ id: 'p2', prompt: 'IOD', answer: 'Doradza administratorowi' }
		]
	}
});

const ordering = (): QuestionDefinition => ({
	name: 'Kolejność',
	textMd: 'Ułóż kroki zgłoszenia naruszenia w kolejności.',
	generalFeedbackMd: '',
	defaultMark: 1,
	penalty: 0.3333333,
	hints: [],
	data: {
		type: 'ordering',
		scoring: 'absolute',
		items: [
			{ id: 'i1', text: 'Wykrycie naruszenia' },
			{ id: 'i2', text: 'Powiadomienie IOD' },
			{ id: 'i3', text: 'Zgłoszenie do UODO' }
		]
	}
});

/**
 * Data of the quiz journeys, written before the app starts (global setup). Accounts are
 * keyed by the development provider's issuer and their subject (see discussion-seed.ts).
 */
export async function seedQuizzes(db: Db, issuer: string): Promise<void> {
	await db.transaction(async (tx) => {
		const people = await tx
			.insert(users)
			.values(quizAccounts.map((a) => ({ issuer, subject: a.sub, givenName: a.given_name, familyName: a.family_name, email: a.email })))
			.returning();
		const [course] = await tx
			.insert(courses)
			.values({ slug: QUIZ_COURSE.slug, title: QUIZ_COURSE.title, summary: 'Kurs do testów quizów.', visibility: 'public', status: 'published', publishedAt: new Date() })
			.returning();
		const [section] = await tx.insert(courseSections).values({ courseId: course.id, title: 'Sprawdź się', position: 0 }).returning();
		const [category] = await tx.insert(questionCategories).values({ courseId: course.id, name: 'Pytania e2e' }).returning();
		for (const person of people) await tx.insert(enrolments).values({ courseId: course.id, userId: person.id });

		async function quiz(id: string, title: string, position: number, definitions: QuestionDefinition[], settings: Partial<typeof quizzes.$inferInsert>) {
			await tx.insert(activities).values({ id, courseId: course.id, sectionId: section.id, type: 'quiz', title, position, completion: 'submit' });
			await tx.insert(quizzes).values({ activityId: id, courseId: course.id, review: defaultReviewOptions(), ...settings });
			let slot = 0;
			for (const definition of definitions) {
				const [question] = await tx.insert(questions).values({ courseId: course.id, categoryId: category.id }).returning();
				await tx.insert(questionVersions).values({ questionId: question.id, version: 1, type: definition.data.type, ...definition });
				await tx.insert(quizSlots).values({ quizId: id, position: slot++, questionId: question.id, mark: definition.defaultMark });
			}
		}

		const s = sampleQuestions;
		await quiz(QUIZ_COURSE.mainId, QUIZ_COURSE.mainTitle, 0, [s.single(), s.multiple(), s.truefalse(), s.shortanswer(), s.numerical(), matching(), ordering()], {
			questionsPerPage: 4,
			shuffleAnswers: false,
			passPercent: 50
		});
		await quiz(QUIZ_COURSE.timedId, QUIZ_COURSE.timedTitle, 1, [s.single(), s.shortanswer()], {
			questionsPerPage: 0,
			timeLimitSeconds: 20,
			overdueHandling: 'autosubmit',
			shuffleAnswers: false
		});
		await quiz(QUIZ_COURSE.practiceId, QUIZ_COURSE.practiceTitle, 2, [s.single(), s.truefalse(), s.shortanswer()], {
			practice: true,
			questionsPerPage: 0,
			shuffleAnswers: false
		});
		await quiz(QUIZ_COURSE.extraTimeId, QUIZ_COURSE.extraTimeTitle, 4, [s.single(), s.truefalse()], {
			questionsPerPage: 0,
			timeLimitSeconds: 30,
			overdueHandling: 'autosubmit',
			shuffleAnswers: false
		});
		await quiz(QUIZ_COURSE.interactiveId, QUIZ_COURSE.interactiveTitle, 3, [s.single(), s.truefalse(), s.essay()], {
			behaviour: 'interactive',
			maxTries: 3,
			questionsPerPage: 0,
			shuffleAnswers: false
		});
	});
}
