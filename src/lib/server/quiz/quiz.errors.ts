import { AppError } from '../errors';

/**
 * Stable codes of the assessment engine. Pages translate them with `quiz.error.<reason>`
 * (quiz area) or `questions.error.<reason>` (bank). Add codes here, never rename them.
 */
export const quizNotFound = () => new AppError('quiz.not_found', 404);
/** Someone else's attempt (also for trainers of other courses): 403 and nothing written. */
export const attemptForbidden = () => new AppError('quiz.attempt_forbidden', 403);
export const loginRequired = () => new AppError('quiz.login_required', 401);
export const notEnrolled = () => new AppError('quiz.not_enrolled', 403);
export const quizNotOpen = (opensAt: Date) => new AppError('quiz.not_open', 409, 'the quiz is not open yet', { opensAt: opensAt.toISOString() });
export const quizClosed = () => new AppError('quiz.closed', 409, 'the quiz is closed');
export const noAttemptsLeft = () => new AppError('quiz.no_attempts_left', 409);
export const attemptDelay = (until: Date) => new AppError('quiz.delay', 409, 'wait before the next attempt', { until: until.toISOString() });
export const noQuestions = () => new AppError('quiz.no_questions', 409);
/** Answers sent after submission or after the deadline (and its grace period): refused, nothing changes. */
export const attemptClosed = () => new AppError('quiz.attempt_closed', 409, 'the attempt is already submitted or its time is over');
export const invalidAnswer = () => new AppError('quiz.invalid_answer', 400);
export const notPractice = () => new AppError('quiz.not_practice', 403);
export const reviewNotAllowed = () => new AppError('quiz.review_not_allowed', 403);
export const forbidden = () => new AppError('quiz.forbidden', 403);
export const invalidSettings = (field: string) => new AppError('quiz.invalid_settings', 400, undefined, { field });
/** Refused structural change: the quiz already has attempts (Moodle's rule). */
export const structureLocked = () => new AppError('quiz.structure_locked', 409, 'questions cannot be added, removed or moved once the quiz has attempts');
/** An override for someone not enrolled in the course. */
export const notEnrolledPerson = () => new AppError('quiz.override_not_enrolled', 409);
/** A hand-given mark outside 0..max, or a question that is not in that attempt. */
export const markOutOfRange = (max: number) => new AppError('quiz.mark_out_of_range', 400, undefined, { max });
/** Grading an attempt that is not finished yet. */
export const attemptNotFinished = () => new AppError('quiz.attempt_not_finished', 409);

export const questionNotFound = () => new AppError('questions.not_found', 404);
export const categoryNotFound = () => new AppError('questions.category_not_found', 404);
export const categoryNotEmpty = () => new AppError('questions.category_not_empty', 409);
export const questionInUse = () => new AppError('questions.in_use', 409);
export const invalidQuestion = (field: string) => new AppError('questions.invalid', 400, undefined, { field });

/**
 * A question file that cannot be imported. Nothing is imported. `line` (1-based) and
 * `question` (its name or 1-based index) say where; `reason` is a code translated by
 * `qformat.reason.<reason>`.
 */
export const importMalformed = (details: { format: 'gift' | 'xml'; line: number | null; question: string | null; reason: string }) =>
	new AppError('questions.import_malformed', 400, `cannot import: ${details.reason} (line ${details.line ?? '?'}, question ${details.question ?? '?'})`, details);
