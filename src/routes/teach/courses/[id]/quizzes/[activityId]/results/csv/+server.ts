import { csvResponse } from '$lib/server/platform/csv';
import { attemptsCsv } from '$lib/server/quiz/quiz.reports';
import { attemptsFilterSchema } from '$lib/server/quiz/quiz.schemas';
import { translate, type MessageKey } from '$lib/i18n';
import { loadOrError, quizAdmin } from '../../quizadmin.server';
import type { RequestHandler } from './$types';

const columns: MessageKey[] = [
	'quizadmin.results.name',
	'quizadmin.results.email',
	'quizadmin.results.number',
	'quizadmin.results.state',
	'quizadmin.results.started',
	'quizadmin.results.submitted',
	'quizadmin.results.durationSeconds',
	'quizadmin.results.percent',
	'quizadmin.results.passed'
];

/** The attempts of the quiz (with the page's filter) as a spreadsheet-safe CSV download. */
export const GET: RequestHandler = async (event) => {
	const { actor, deps } = quizAdmin(event);
	const filter = attemptsFilterSchema.parse(Object.fromEntries(event.url.searchParams));
	const headers = columns.map((key) => translate(event.locals.locale, key));
	const csv = await loadOrError(attemptsCsv(deps, { actor, courseId: event.params.id, activityId: event.params.activityId, filter, headers }));
	return csvResponse(csv.filename, csv.body);
};
