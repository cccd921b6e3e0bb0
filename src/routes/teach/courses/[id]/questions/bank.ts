import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { hasMessage } from '$lib/i18n';
import { isAppError } from '$lib/server/errors';
import { CHOICE_FRACTIONS, PENALTIES, bankCourse, draftToDefinition, formToDraft, type BankActor, type QuestionBankDeps, type QuestionDraft } from '$lib/server/quiz/index';
import { loadOr404, requireAuthor } from '$lib/server/kit/authoring';

/** Helpers shared by the question bank pages: access first, then domain refusals as messages. */

const codeMessages: Record<string, MessageKey> = {
	'questions.category_not_found': 'questions.error.categoryNotFound',
	'questions.category_not_empty': 'questions.error.categoryNotEmpty',
	'questions.in_use': 'questions.error.inUse'
};

/** The message for a domain refusal the person can act on, or null (then it is a 404/403 page or a 500). */
export function messageFor(cause: unknown): MessageKey | null {
	if (!isAppError(cause)) return null;
	if (cause.code === 'questions.invalid') {
		const key = `questions.error.${String(cause.details?.field ?? '')}`;
		return hasMessage(key) ? key : 'questions.error.invalid';
	}
	return codeMessages[cause.code] ?? null;
}

/** The signed-in manager of the course in the URL; another course's bank answers 404 before any form is read. */
export async function bankAccess(event: RequestEvent<{ id: string }>) {
	const actor: BankActor = requireAuthor(event);
	const { db, clock } = event.locals.services;
	const course = await loadOr404(bankCourse(db, actor, event.params.id));
	const deps: QuestionBankDeps = { db, clock };
	return { actor, deps, course };
}

/** A domain refusal for an action: a message for the form, or the 404/403 page; anything else is rethrown. */
export function refusal(cause: unknown, state: Record<string, unknown>) {
	const key = messageFor(cause);
	if (key && isAppError(cause)) return fail(cause.status >= 500 ? 400 : cause.status, { ...state, error: key });
	if (isAppError(cause) && (cause.status === 404 || cause.status === 403)) error(cause.status, { message: cause.status === 404 ? 'Not found' : 'Forbidden', code: cause.code });
	throw cause;
}

/** Runs one bank change from a form: the form's `id` names the target; the result says which form it was. */
export async function bankAction(
	event: RequestEvent<{ id: string }>,
	action: string,
	work: (input: { actor: BankActor; deps: QuestionBankDeps; form: FormData; id: string }) => Promise<unknown>,
	done: MessageKey
) {
	const { actor, deps } = await bankAccess(event);
	const form = await event.request.formData();
	const id = String(form.get('id') ?? '');
	try {
		await work({ actor, deps, form, id });
	} catch (cause) {
		return refusal(cause, { action, target: id, values: { name: String(form.get('name') ?? '') } });
	}
	return { action, target: id, done };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A uuid from a query parameter, or undefined. */
export const uuidParam = (value: string | null) => (value && UUID.test(value) ? value : undefined);

/** The editor form read: the chosen category and the draft, validated into a definition or field errors. */
export function readEditor(form: FormData) {
	const draft = formToDraft(form);
	const categoryId = String(form.get('categoryId') ?? '');
	const result = draftToDefinition(draft);
	const errors = result.ok ? {} : { ...result.errors };
	if (!UUID.test(categoryId)) errors.categoryId = 'questions.error.categoryRequired';
	return { draft, categoryId, definition: result.ok ? result.data : null, errors };
}

/** A refused editor form goes back as typed, with its errors. */
export function editorFailure(status: number, input: { draft: QuestionDraft; categoryId: string; errors: Record<string, string>; formError?: MessageKey }) {
	return fail(status, { draft: input.draft, categoryId: input.categoryId, errors: input.errors, formError: input.formError ?? ('questions.error.form' as MessageKey) });
}

/** Options the editor offers (grades and penalties as Moodle has them). */
export const editorOptions = { fractions: CHOICE_FRACTIONS, penalties: PENALTIES };
