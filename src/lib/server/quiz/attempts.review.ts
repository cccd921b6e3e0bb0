import { REVIEW_IMMEDIATE_MS, reviewItems, type OverallFeedbackBand, type ReviewItem, type ReviewOptions, type ReviewTime } from '../../quiz/settings';

/**
 * Which review options apply now (Moodle's review matrix):
 * - during: the attempt is still open;
 * - immediately: within REVIEW_IMMEDIATE_MS after submission;
 * - open: later, while the quiz is still open;
 * - closed: after the quiz (or this person's override) closes; a quiz without a close date
 *   is never "closed".
 */
export function reviewTime(input: { state: string; submittedAt: Date | null; closesAt: Date | null; now: Date }): ReviewTime {
	if (input.state === 'in_progress' || input.state === 'overdue') return 'during';
	if (input.closesAt && input.now.getTime() >= input.closesAt.getTime()) return 'closed';
	if (input.submittedAt && input.now.getTime() - input.submittedAt.getTime() < REVIEW_IMMEDIATE_MS) return 'immediately';
	return 'open';
}

export type Shows = Record<ReviewItem, boolean>;

/** What may be shown now; a course manager sees everything. */
export function reviewShows(options: ReviewOptions, time: ReviewTime, manager: boolean): Shows {
	return Object.fromEntries(reviewItems.map((item) => [item, manager || Boolean(options[item]?.[time])])) as Shows;
}

export const showNothing = (): Shows => Object.fromEntries(reviewItems.map((item) => [item, false])) as Shows;
export const showEverything = (): Shows => Object.fromEntries(reviewItems.map((item) => [item, true])) as Shows;

/** The text of the highest band whose minPercent the grade reaches. */
export function overallFeedbackFor(bands: OverallFeedbackBand[], percent: number | null): string | null {
	if (percent === null) return null;
	const band = [...bands].sort((a, b) => b.minPercent - a.minPercent).find((b) => percent >= b.minPercent);
	return band?.text ? band.text : null;
}
