import { error } from '@sveltejs/kit';
import { exportQuestions, questionFormat } from '$lib/server/quiz/index';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { bankAccess, uuidParam } from '../bank';
import type { RequestHandler } from './$types';

/** The bank (or ?category=) as a GIFT or Moodle XML download (?format=gift|xml). */
export const GET: RequestHandler = async (event) => {
	const { actor, deps, course } = await bankAccess(event);
	const format = questionFormat.safeParse(event.url.searchParams.get('format') ?? 'gift');
	if (!format.success) error(400, { message: 'Unknown format', code: 'questions.invalid' });
	const file = await orHttpError(exportQuestions(deps, { actor, courseId: course.id, categoryId: uuidParam(event.url.searchParams.get('category')), format: format.data }));
	return new Response(file.body, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
			'cache-control': 'no-store'
		}
	});
};
