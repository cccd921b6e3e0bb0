import { createCategory, deleteCategory, listCategories, listQuestions, moveCategory, renameCategory, setArchived } from '$lib/server/quiz/index';
import { AppError } from '$lib/server/errors';
import { orHttpError } from '$lib/server/kit/domain-errors';
import { bankAccess, bankAction, uuidParam } from './bank';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 25;
const MAX_PAGE = 10_000;
const done = { created: 'questions.done.created', saved: 'questions.done.saved', deleted: 'questions.done.deleted' } as const;

/** The bank of a course the person manages: categories with counts, and a filtered page of questions. */
export const load: PageServerLoad = async (event) => {
	const { actor, deps, course } = await bankAccess(event);
	const params = event.url.searchParams;
	const requested = Number.parseInt(params.get('page') ?? '1', 10);
	const pageNo = Number.isFinite(requested) ? Math.max(1, Math.min(MAX_PAGE, requested)) : 1;
	const categories = await orHttpError(listCategories(deps, { actor, courseId: course.id }));
	const categoryId = uuidParam(params.get('category'));
	const category = categories.find((c) => c.id === categoryId);
	const search = (params.get('q') ?? '').slice(0, 200);
	const includeArchived = params.get('archived') === '1';
	const result = await orHttpError(
		listQuestions(deps, { actor, courseId: course.id, categoryId: category?.id, search, includeArchived, limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE })
	);
	const doneParam = params.get('done');
	return {
		course,
		categories,
		filter: { categoryId: category?.id ?? '', search, includeArchived },
		pageNo,
		hasNext: pageNo * PAGE_SIZE < result.total,
		total: result.total,
		questions: result.rows,
		done: doneParam && doneParam in done ? done[doneParam as keyof typeof done] : null
	};
};

const confirmed = (form: FormData) => form.get('confirm') === 'yes';

export const actions: Actions = {
	createCategory: (event) =>
		bankAction(event, 'createCategory', ({ actor, deps, form }) => createCategory(deps, { actor, courseId: event.params.id, name: String(form.get('name') ?? '') }), 'questions.done.categoryCreated'),
	renameCategory: (event) =>
		bankAction(event, 'renameCategory', ({ actor, deps, form, id }) => renameCategory(deps, { actor, courseId: event.params.id, categoryId: id, name: String(form.get('name') ?? '') }), 'questions.done.categoryRenamed'),
	deleteCategory: (event) =>
		bankAction(
			event,
			'deleteCategory',
			async ({ actor, deps, form, id }) => {
				if (!confirmed(form)) throw new AppError('questions.invalid', 400, 'confirmation missing', { field: 'confirmRequired' });
				await deleteCategory(deps, { actor, courseId: event.params.id, categoryId: id });
			},
			'questions.done.categoryDeleted'
		),
	moveCategory: (event) =>
		bankAction(
			event,
			'moveCategory',
			({ actor, deps, form, id }) => moveCategory(deps, { actor, courseId: event.params.id, categoryId: id, direction: form.get('direction') === 'up' ? 'up' : 'down' }),
			'questions.done.categoryMoved'
		),
	archive: (event) => bankAction(event, 'archive', ({ actor, deps, id }) => setArchived(deps, { actor, courseId: event.params.id, questionId: id, archived: true }), 'questions.done.archived'),
	restore: (event) => bankAction(event, 'restore', ({ actor, deps, id }) => setArchived(deps, { actor, courseId: event.params.id, questionId: id, archived: false }), 'questions.done.restored')
};
