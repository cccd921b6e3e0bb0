import { fail } from '@sveltejs/kit';
import { translate, hasMessage } from '$lib/i18n';
import { importQuestions, listCategories, questionFormat } from '$lib/server/quiz/index';
import { isAppError } from '$lib/server/errors';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { bankAccess, refusal, uuidParam } from '../bank';
import type { Actions, PageServerLoad } from './$types';

const MAX_BYTES = 5 * 1024 * 1024;

export const load: PageServerLoad = async (event) => {
	const { actor, deps, course } = await bankAccess(event);
	return { course, categories: await orHttpError(listCategories(deps, { actor, courseId: course.id })) };
};

/** The file chosen, or the pasted text; a file must be UTF-8 text. */
async function readInput(form: FormData): Promise<{ text: string } | { error: 'questions.importPage.noInput' | 'questions.importPage.tooLarge' | 'questions.importPage.notText' }> {
	const file = form.get('file');
	if (file && typeof file !== 'string' && file.size > 0) {
		if (file.size > MAX_BYTES) return { error: 'questions.importPage.tooLarge' };
		try {
			return { text: new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer()).replace(/^\uFEFF/, '') };
		} catch {
			return { error: 'questions.importPage.notText' };
		}
	}
	const text = String(form.get('text') ?? '');
	if (text.trim() === '') return { error: 'questions.importPage.noInput' };
	if (text.length > MAX_BYTES) return { error: 'questions.importPage.tooLarge' };
	return { text };
}

/** What went wrong in a file, translated: the reason, then where (line and question). */
function malformed(locale: 'pl' | 'en', details: Record<string, unknown>) {
	const reasonKey = `qformat.reason.${String(details.reason ?? '')}`;
	const reason = hasMessage(reasonKey) ? translate(locale, reasonKey) : translate(locale, 'questions.importPage.reasonUnknown');
	const unknown = translate(locale, 'questions.importPage.unknownPlace');
	const params = { line: details.line == null ? unknown : String(details.line), question: details.question == null ? unknown : String(details.question) };
	const whereKey: string = 'qformat.where';
	const where = translate(locale, hasMessage(whereKey) ? whereKey : 'questions.importPage.where', params);
	return { reason, where, line: details.line ?? null, question: details.question ?? null };
}

export const actions: Actions = {
	default: async (event) => {
		const { actor, deps, course } = await bankAccess(event);
		const form = await event.request.formData();
		const format = questionFormat.safeParse(form.get('format'));
		const categoryId = uuidParam(String(form.get('categoryId') ?? ''));
		const values = { format: format.success ? format.data : 'gift', categoryId: categoryId ?? '', text: typeof form.get('text') === 'string' ? String(form.get('text')) : '' };
		const input = await readInput(form);
		if ('error' in input) return fail(400, { values, error: input.error });
		const locale = event.locals.locale;
		try {
			const result = await importQuestions(deps, {
				actor,
				courseId: course.id,
				format: values.format,
				text: input.text,
				categoryId,
				fallbackCategoryName: translate(locale, 'questions.importPage.fallback')
			});
			return { imported: result.imported };
		} catch (cause) {
			if (isAppError(cause) && cause.code === 'questions.import_malformed') return fail(400, { values, malformed: malformed(locale, cause.details ?? {}) });
			return refusal(cause, { values });
		}
	}
};
