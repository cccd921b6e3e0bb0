import type { DbOrTx } from '../db/client';
import { surveys } from './surveys.tables';

/** The settings row of a new survey activity, written in the same transaction as the activity. */
export async function createSurveyRow(tx: DbOrTx, input: { activityId: string; courseId: string; at: Date }) {
	await tx.insert(surveys).values({ activityId: input.activityId, courseId: input.courseId, updatedAt: input.at });
}
