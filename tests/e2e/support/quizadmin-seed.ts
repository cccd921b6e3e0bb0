import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../src/lib/server/db/client';
import { users } from '../../../src/lib/server/users/users.tables';
import { activities, courseSections, courseTrainers, courses, enrolments } from '../../../src/lib/server/courses/courses.tables';
import { attemptQuestions, questionCategories, questionVersions, questions, quizAttempts, quizSlots, quizzes } from '../../../src/lib/server/quiz/quiz.tables';
import { defaultReviewOptions } from '../../../src/lib/quiz/settings';
import type { QuestionDefinition, QuestionResponse } from '../../../src/lib/quiz/questions';
import { quizAdminAccounts } from './accounts-quizadmin';

/** The course and quiz of the quizadmin journeys; its trainer is the demo trainer ('trener'). */
export const QUIZ_REPORTS = {
	slug: 'e2e-raporty-quizu',
	courseId: '3b5d7f91-2c4e-4a6b-8d0f-1e3a5c7e9b2d',
	title: 'Kurs z raportami (e2e)',
	activityId: '7a2c4e6f-1b3d-4c5e-8f9a-0b1c2d3e4f5a',
	quizTitle: 'Test końcowy z RODO',
	/** A second quiz of the course, with no questions and no attempts (its structure can change). */
	emptyQuizId: '9c1e3a5b-7d2f-4b6c-8e0a-2f4b6d8e0a1c',
	emptyQuizTitle: 'Quiz powtórkowy',
	essayText: 'Zgłaszam naruszenie do IOD w ciągu 24 godzin, a administrator zawiadamia UODO w ciągu 72 godzin.'
};
const DEMO_TRAINER_SUB = 'demo-trainer-0002';

export interface AnswerInput {
	slot: number;
	versionId: string;
	maxMark: number;
	response: QuestionResponse | null;
	fraction: number | null;
	state: 'unanswered' | 'correct' | 'partial' | 'incorrect' | 'needs_grading' | 'graded';
}

/** A finished attempt written straight to the tables (totals computed here as the engine would). */
export async function insertFinishedAttempt(
	db: DbOrTx,
	input: { quizId: string; userId: string | null; number: number; startedAt: Date; submittedAt: Date; answers: AnswerInput[]; passPercent?: number | null }
) {
	const maxMarks = input.answers.reduce((s, a) => s + a.maxMark, 0);
	const needsGrading = input.answers.some((a) => a.state === 'needs_grading');
	const sumMarks = input.answers.reduce((s, a) => s + (a.fraction ?? 0) * a.maxMark, 0);
	const percent = needsGrading ? null : maxMarks > 0 ? (sumMarks / maxMarks) * 100 : 0;
	const passed = percent === null || input.passPercent === null || input.passPercent === undefined ? null : percent >= input.passPercent;
	const [attempt] = await db
		.insert(quizAttempts)
		.values({ quizId: input.quizId, userId: input.userId, number: input.number, state: 'finished', startedAt: input.startedAt, submittedAt: input.submittedAt, finishedBy: 'participant', sumMarks: needsGrading ? null : sumMarks, maxMarks, percent, passed, needsGrading, updatedAt: input.submittedAt })
		.returning();
	await db.insert(attemptQuestions).values(
		input.answers.map((a) => ({
			attemptId: attempt.id,
			slot: a.slot,
			page: a.slot,
			questionVersionId: a.versionId,
			maxMark: a.maxMark,
			response: a.response,
			responseSeq: a.response ? 1 : 0,
			savedAt: a.response ? input.submittedAt : null,
			fraction: a.fraction,
			mark: a.fraction === null ? null : a.fraction * a.maxMark,
			state: a.state
		}))
	);
	return attempt;
}

const essay: QuestionDefinition = {
	name: 'Zgłoszenie naruszenia',
	textMd: 'Opisz, jak zgłosisz naruszenie ochrony danych w swoim urzędzie.',
	generalFeedbackMd: '',
	defaultMark: 5,
	penalty: 0,
	hints: [],
	data: { type: 'essay', minWords: null, maxWords: 300, responseTemplate: '', graderInfo: 'Zgłoszenie do IOD w ciągu 24 godzin; UODO w ciągu 72 godzin.' }
};
const single: QuestionDefinition = {
	name: 'Stolica Małopolski',
	textMd: 'Które miasto jest stolicą województwa małopolskiego?',
	generalFeedbackMd: '',
	defaultMark: 1,
	penalty: 0.3333333,
	hints: [],
	data: { type: 'single', shuffle: false, choices: [ { id: 'a', text: 'Kraków', fraction: 1, feedback: '' }, { id: 'b', text: 'Łódź', fraction: 0, feedback: '' } ] }
};

async function account(tx: DbOrTx, issuer: string, values: { sub: string; given_name?: string; family_name?: string; email?: string }) {
	await tx.insert(users).values({ issuer, subject: values.sub, givenName: values.given_name ?? null, familyName: values.family_name ?? null, email: values.email ?? null }).onConflictDoNothing();
	const [row] = await tx.select().from(users).where(and(eq(users.issuer, issuer), eq(users.subject, values.sub)));
	return row;
}

/**
 * Data of the quizadmin journeys, written before the app starts (global setup): a course the
 * demo trainer owns, a quiz (essay + single choice, pass mark 50 %) and three participants
 * with finished attempts, one essay awaiting grading.
 */
export async function seedQuizReports(db: Db, issuer: string): Promise<void> {
	await db.transaction(async (tx) => {
		const trainer = await account(tx, issuer, { sub: DEMO_TRAINER_SUB, given_name: 'Jan', family_name: 'Kowalski', email: 'jan.kowalski@example.gov.pl' });
		const people: (typeof trainer)[] = [];
		for (const a of quizAdminAccounts.filter((x) => x.roles.length === 0)) people.push(await account(tx, issuer, a));
		const [course] = await tx
			.insert(courses)
			.values({ id: QUIZ_REPORTS.courseId, slug: QUIZ_REPORTS.slug, title: QUIZ_REPORTS.title, summary: 'Kurs do testów raportów quizu.', visibility: 'public', status: 'published', publishedAt: new Date() })
			.returning();
		await tx.insert(courseTrainers).values({ courseId: course.id, userId: trainer.id, role: 'owner' });
		for (const p of people) await tx.insert(enrolments).values({ courseId: course.id, userId: p.id });
		const [section] = await tx.insert(courseSections).values({ courseId: course.id, title: 'Sprawdzenie wiedzy', position: 0 }).returning();
		await tx.insert(activities).values({ id: QUIZ_REPORTS.activityId, courseId: course.id, sectionId: section.id, type: 'quiz', title: QUIZ_REPORTS.quizTitle, position: 0, completion: 'pass' });
		await tx.insert(quizzes).values({ activityId: QUIZ_REPORTS.activityId, courseId: course.id, review: defaultReviewOptions(), passPercent: 50 });
		await tx.insert(activities).values({ id: QUIZ_REPORTS.emptyQuizId, courseId: course.id, sectionId: section.id, type: 'quiz', title: QUIZ_REPORTS.emptyQuizTitle, position: 1, completion: 'submit' });
		await tx.insert(quizzes).values({ activityId: QUIZ_REPORTS.emptyQuizId, courseId: course.id, review: defaultReviewOptions() });
		const [category] = await tx.insert(questionCategories).values({ courseId: course.id, name: 'RODO' }).returning();
		const versions: string[] = [];
		for (const [i, def] of [essay, single].entries()) {
			const [q] = await tx.insert(questions).values({ courseId: course.id, categoryId: category.id }).returning();
			const [v] = await tx.insert(questionVersions).values({ questionId: q.id, version: 1, type: def.data.type, ...def }).returning();
			await tx.insert(quizSlots).values({ quizId: QUIZ_REPORTS.activityId, position: i, questionId: q.id, mark: def.defaultMark });
			versions.push(v.id);
		}
		const day = new Date(Date.now() - 86_400_000);
		const at = (minutes: number) => new Date(day.getTime() + minutes * 60_000);
		const answers = (essayText: string | null, essayFraction: number | null, choice: string): AnswerInput[] => [
			{ slot: 0, versionId: versions[0], maxMark: 5, response: essayText === null ? null : { type: 'essay', text: essayText }, fraction: essayFraction, state: essayFraction === null ? (essayText ? 'needs_grading' : 'unanswered') : 'graded' },
			{ slot: 1, versionId: versions[1], maxMark: 1, response: { type: 'single', choice }, fraction: choice === 'a' ? 1 : 0, state: choice === 'a' ? 'correct' : 'incorrect' }
		];
		const [essayist, formula, third] = people;
		await insertFinishedAttempt(tx, { quizId: QUIZ_REPORTS.activityId, userId: essayist.id, number: 1, startedAt: at(0), submittedAt: at(12), answers: answers(QUIZ_REPORTS.essayText, null, 'a'), passPercent: 50 });
		await insertFinishedAttempt(tx, { quizId: QUIZ_REPORTS.activityId, userId: formula.id, number: 1, startedAt: at(5), submittedAt: at(9), answers: answers('Nie wiem.', 0, 'b'), passPercent: 50 });
		await insertFinishedAttempt(tx, { quizId: QUIZ_REPORTS.activityId, userId: third.id, number: 1, startedAt: at(20), submittedAt: at(31), answers: answers('Powiadamiam przełożonego i IOD.', 0.8, 'a'), passPercent: 50 });
	});
}
