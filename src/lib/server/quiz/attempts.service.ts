import type { Db, Tx } from '../db/client';
import type { Clock } from '../platform/clock';
import type { Locale } from '../../i18n/index';
import type { CourseAccessSubject } from '../courses/courses.permissions';
import type { AttemptPageView, MyResultsRow, PracticeResult, QuizSummaryView, ReviewView, SaveAnswer, SaveResult } from '../../types/quiz';
import type { QuestionResponse } from '../../quiz/questions';

/**
 * The attempt engine: start, page, autosave, submit, time limit, sweep, review, results.
 * OWNER: helper "engine" (signatures by the lead; keep them, add what you need).
 *
 * Rules every function keeps:
 * - authorise on the server: an attempt is read or written only by its owner (a course
 *   manager may read it for review/grading); anyone else gets quiz.attempt_forbidden (403)
 *   and nothing is written;
 * - every write runs in one transaction with the attempt row locked, so autosave racing
 *   submission, double submission and two tabs end in one consistent graded attempt;
 * - answers after submission or after deadline (+ grace) are refused with quiz.attempt_closed.
 */
export interface QuizDeps {
	db: Db;
	clock: Clock;
}
type Viewer = CourseAccessSubject | null;

/** The quiz page: settings summary, this person's attempts and whether they may start one. */
export async function getQuizSummary(deps: QuizDeps, input: { slug: string; activityId: string; user: Viewer; locale: Locale }): Promise<QuizSummaryView> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/** Starts an attempt, or returns the open one (idempotent: a double click starts one attempt). */
export async function startAttempt(deps: QuizDeps, input: { slug: string; activityId: string; user: CourseAccessSubject }): Promise<{ attemptId: string }> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/** One page of an open attempt (also records it as the current page). A finished attempt: quiz.attempt_closed. */
export async function getAttemptPage(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; page: number | null; locale: Locale }): Promise<AttemptPageView> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/** Autosave of one or more answers (idempotent per slot and sequence number). */
export async function saveAnswers(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; answers: SaveAnswer[]; page?: number | null }): Promise<SaveResult> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/** Immediate/interactive behaviour: grade one question now ("Sprawdź") and return its feedback. */
export async function checkQuestion(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; slot: number; answer?: SaveAnswer; locale: Locale }): Promise<AttemptPageView['questions'][number]> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/**
 * Submits and grades (idempotent: a second call returns the same finished attempt). Answers
 * passed along are saved first when the attempt is still open.
 */
export async function submitAttempt(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; answers?: SaveAnswer[] }): Promise<{ attemptId: string; state: 'finished' | 'abandoned' }> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/** The review page per the review options (a course manager sees everything). */
export async function getReview(deps: QuizDeps, input: { attemptId: string; user: CourseAccessSubject; locale: Locale }): Promise<ReviewView> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/** "My results" in one course: every quiz with this person's grade. */
export async function listMyResults(deps: QuizDeps, input: { slug: string; user: CourseAccessSubject }): Promise<{ course: { slug: string; title: string }; rows: MyResultsRow[] }> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/** Anonymous practice: the questions (current versions) to answer in the page. */
export async function getPracticeQuiz(deps: QuizDeps, input: { slug: string; activityId: string; user: Viewer; locale: Locale }): Promise<{ title: string; courseSlug: string; questions: AttemptPageView['questions'] }> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/** Anonymous practice: grades the posted responses; stores nothing. */
export async function gradePractice(deps: QuizDeps, input: { slug: string; activityId: string; user: Viewer; responses: Record<number, QuestionResponse>; locale: Locale }): Promise<PracticeResult> {
	void deps;
	void input;
	throw new Error('not implemented');
}

/**
 * Recomputes an attempt's totals (sum, percent, passed, needs_grading) from its questions,
 * inside the caller's transaction, and records completion when it now passes. Used after
 * hand grading and regrading.
 */
export async function recomputeAttempt(tx: Tx, input: { attemptId: string; at: Date }): Promise<void> {
	void tx;
	void input;
	throw new Error('not implemented');
}

/** Background sweep: closes attempts past their deadline (+ grace) per the quiz's overdue handling. */
export async function sweepOverdueAttempts(deps: QuizDeps): Promise<{ closed: number }> {
	void deps;
	throw new Error('not implemented');
}
