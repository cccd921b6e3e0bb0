import type { DbOrTx } from '../db/client';
import { quizzes } from './quiz.tables';
import { defaultReviewOptions } from '../../quiz/settings';

/** The settings row of a new quiz activity, written in the same transaction as the activity. */
export async function createQuizRow(tx: DbOrTx, input: { activityId: string; courseId: string; at: Date }) {
	await tx.insert(quizzes).values({ activityId: input.activityId, courseId: input.courseId, review: defaultReviewOptions(), updatedAt: input.at });
}
