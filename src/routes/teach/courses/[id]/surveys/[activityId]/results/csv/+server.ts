import { requireUser } from '$lib/server/kit/guards';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { csvResponse } from '$lib/server/platform/csv';
import { exportResponses } from '$lib/server/surveys';
import type { RequestHandler } from './$types';

/** One row per response; person columns only for named surveys (formulas neutralised by toCsv). */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const { db, clock } = event.locals.services;
	const csv = await orHttpError(exportResponses({ db, clock }, { user, courseId: event.params.id, activityId: event.params.activityId, locale: event.locals.locale }));
	return csvResponse(csv.filename, csv.body);
};
