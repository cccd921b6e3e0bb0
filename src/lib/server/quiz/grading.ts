import type { GradeResult, QuestionData, QuestionResponse } from '../../quiz/questions';

/**
 * Automatic grading of every question type: pure functions, property-tested in
 * grading.test.ts. OWNER: helper "grading-formats" (stubs by the lead).
 */

/** Grades one response against one question version's data. A null or empty response is `unanswered` (fraction 0). */
export function gradeResponse(data: QuestionData, response: QuestionResponse | null): GradeResult {
	void data;
	void response;
	throw new Error('not implemented');
}

/** Whether a response counts as answered (for the navigation panel and "unanswered" state). */
export function isAnswered(response: QuestionResponse | null): boolean {
	void response;
	throw new Error('not implemented');
}

/** The right answer in words, for the review page ("A, C", "12,5 cm ± 0,1", "1 → b; 2 → a"). */
export function rightAnswerText(data: QuestionData, locale: 'pl' | 'en'): string {
	void data;
	void locale;
	throw new Error('not implemented');
}

/** Interactive behaviour: the mark fraction after `tries` tries (1 = first try), minus `penalty` per extra try, never below 0. */
export function fractionWithPenalty(fraction: number, tries: number, penalty: number): number {
	void fraction;
	void tries;
	void penalty;
	throw new Error('not implemented');
}
