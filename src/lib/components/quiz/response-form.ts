import { questionResponseSchema, type QuestionResponse, type QuestionType } from '../../quiz/questions';

/**
 * Field names of the question renderers and how a response is read back from a form.
 * One reader for the browser (autosave on every change) and the server (form actions
 * without JavaScript), so both save exactly the same response.
 *
 * Per slot `n`: `slot` (repeated; the slots of the page), `type.n`, `seq.n` (the sequence
 * number the page was rendered with), `had.n` (a saved answer existed), and the answer:
 * `q.n` (single, truefalse, shortanswer, numerical, essay; repeated for multiple),
 * `q.n.<promptId>` (matching), `q.n.pos.<itemId>` (ordering: the item's 1-based position).
 */
export const fieldName = (slot: number, part?: string) => (part === undefined ? `q.${slot}` : `q.${slot}.${part}`);

type FormLike = Pick<FormData, 'get' | 'getAll'>;
const str = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v : '');

/** The response to one question as the form holds it; null when the fields are malformed. */
export function readResponse(form: FormLike, slot: number, type: QuestionType, ids: { prompts?: string[]; items?: string[] } = {}): QuestionResponse | null {
	const name = fieldName(slot);
	let raw: unknown;
	switch (type) {
		case 'single':
			raw = { type, choice: str(form.get(name)) || null };
			break;
		case 'multiple':
			raw = { type, choices: form.getAll(name).map(str).filter(Boolean) };
			break;
		case 'truefalse': {
			const v = str(form.get(name));
			raw = { type, value: v === 'true' ? true : v === 'false' ? false : null };
			break;
		}
		case 'shortanswer':
		case 'numerical':
		case 'essay':
			raw = { type, text: str(form.get(name)).replace(/\r\n/g, '\n') };
			break;
		case 'matching':
			raw = { type, matches: Object.fromEntries((ids.prompts ?? []).map((p) => [p, str(form.get(fieldName(slot, p)))])) };
			break;
		case 'ordering': {
			const items = ids.items ?? [];
			const positioned = items.map((id, index) => ({ id, index, pos: Number(str(form.get(fieldName(slot, `pos.${id}`)))) || index + 1 }));
			positioned.sort((a, b) => a.pos - b.pos || a.index - b.index);
			raw = { type, order: positioned.map((p) => p.id) };
			break;
		}
	}
	const parsed = questionResponseSchema.safeParse(raw);
	return parsed.success ? parsed.data : null;
}

/** A response with nothing in it (not worth saving when no answer was saved before). */
export function isEmptyResponse(r: QuestionResponse): boolean {
	switch (r.type) {
		case 'single':
			return r.choice === null;
		case 'multiple':
			return r.choices.length === 0;
		case 'truefalse':
			return r.value === null;
		case 'shortanswer':
		case 'numerical':
		case 'essay':
			return r.text.trim() === '';
		case 'matching':
			return Object.values(r.matches).every((v) => v === '');
		case 'ordering':
			return false;
	}
}

/** The response of one slot, with its type and ids taken from the page's hidden fields. */
export function readSlot(form: FormLike, slot: number): QuestionResponse | null {
	const type = str(form.get(`type.${slot}`)) as QuestionType;
	const ids = { prompts: form.getAll(`prompt.${slot}`).map(str), items: form.getAll(`item.${slot}`).map(str) };
	return readResponse(form, slot, type, ids);
}

/** Every answer of the page in a posted form (server side, no JavaScript). */
export function readPageAnswers(form: FormLike, serverNow: number): { slot: number; seq: number; response: QuestionResponse; had: boolean }[] {
	const out: { slot: number; seq: number; response: QuestionResponse; had: boolean }[] = [];
	for (const s of form.getAll('slot')) {
		const slot = Number(s);
		if (!Number.isInteger(slot) || slot < 0 || slot > 10_000) continue;
		const response = readSlot(form, slot);
		if (!response) continue;
		const seqField = Number(str(form.get(`seq.${slot}`)));
		const seq = Math.max(serverNow, Number.isFinite(seqField) ? seqField + 1 : 0);
		out.push({ slot, seq, response, had: str(form.get(`had.${slot}`)) === '1' });
	}
	return out;
}
