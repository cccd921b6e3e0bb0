import { z } from 'zod';

/**
 * What a participant sees when reviewing an attempt, by when (Moodle's review options).
 * - during: while the attempt is in progress (immediate/interactive behaviours)
 * - immediately: within REVIEW_IMMEDIATE_MS after submitting
 * - open: later, while the quiz is still open
 * - closed: after the quiz closes
 */
export const reviewItems = ['attempt', 'correctness', 'marks', 'specificFeedback', 'generalFeedback', 'rightAnswer', 'overallFeedback'] as const;
export const reviewTimes = ['during', 'immediately', 'open', 'closed'] as const;
export type ReviewItem = (typeof reviewItems)[number];
export type ReviewTime = (typeof reviewTimes)[number];
export type ReviewOptions = Record<ReviewItem, Record<ReviewTime, boolean>>;
export const REVIEW_IMMEDIATE_MS = 2 * 60_000;

const row = (during: boolean, immediately: boolean, open: boolean, closed: boolean) => ({ during, immediately, open, closed });

/** Defaults: everything after submitting, except the right answer only after the quiz closes. */
export const defaultReviewOptions = (): ReviewOptions => ({
	attempt: row(true, true, true, true),
	correctness: row(true, true, true, true),
	marks: row(true, true, true, true),
	specificFeedback: row(true, true, true, true),
	generalFeedback: row(true, true, true, true),
	rightAnswer: row(false, false, false, true),
	overallFeedback: row(false, true, true, true)
});

/** For final tests: the attempt and marks, no answers while others may still be taking it. */
export const finalTestReviewOptions = (): ReviewOptions => ({
	attempt: row(false, true, true, true),
	correctness: row(false, true, true, true),
	marks: row(false, true, true, true),
	specificFeedback: row(false, false, false, true),
	generalFeedback: row(false, false, false, true),
	rightAnswer: row(false, false, false, true),
	overallFeedback: row(false, true, true, true)
});

export const reviewOptionsSchema = z.object(
	Object.fromEntries(reviewItems.map((item) => [item, z.object(Object.fromEntries(reviewTimes.map((time) => [time, z.boolean()]))) ])) as Record<
		ReviewItem,
		z.ZodObject<Record<ReviewTime, z.ZodBoolean>>
	>
);

/** Overall feedback by grade band: the text of the highest band whose minPercent the attempt reaches. */
export interface OverallFeedbackBand {
	minPercent: number;
	text: string;
}
export const overallFeedbackSchema = z.array(z.object({ minPercent: z.number().min(0).max(100), text: z.string().max(5000) })).max(10);
