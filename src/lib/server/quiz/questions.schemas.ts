import { z } from 'zod';
import { questionDefinitionSchema, questionTypes, type QuestionDefinition, type QuestionType } from '../../quiz/questions';

/**
 * The question editor's form ⇄ QuestionDefinition. The form is one flat list of fields
 * (`choices.0.text`, `pairs.2.answer`, …) so it works without JavaScript; blank rows are
 * ignored. A Draft holds what the person typed (strings), so a refused form comes back
 * exactly as it was sent.
 */

export const categoryName = z.string().trim().min(1).max(255);
export const categoryDescription = z.string().trim().max(2000);
export const questionFormat = z.enum(['gift', 'xml']);
export const questionTypeSchema = z.enum(questionTypes);

/** Grades a choice may carry, as Moodle offers them (negative ones only for choice questions). */
export const CHOICE_FRACTIONS = [1, 0.9, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0, -0.05, -0.1, -0.1111111, -0.125, -0.1428571, -0.1666667, -0.2, -0.25, -0.3, -0.3333333, -0.4, -0.5, -0.6, -0.6666667, -0.7, -0.75, -0.8, -0.9, -1] as const;
export const PENALTIES = [1, 0.5, 0.3333333, 0.25, 0.2, 0.1, 0] as const;

export interface ChoiceDraft {
	id: string;
	text: string;
	fraction: string;
	feedback: string;
}

export interface QuestionDraft {
	type: QuestionType;
	name: string;
	textMd: string;
	generalFeedbackMd: string;
	defaultMark: string;
	penalty: string;
	hints: string[];
	shuffle: boolean;
	/** multiple: partial | allOrNothing; ordering: absolute | allOrNothing */
	scoring: string;
	choices: ChoiceDraft[];
	correct: 'true' | 'false';
	feedbackTrue: string;
	feedbackFalse: string;
	answers: ChoiceDraft[];
	caseSensitive: boolean;
	numbers: { id: string; value: string; tolerance: string; fraction: string; feedback: string }[];
	units: { unit: string; multiplier: string }[];
	unitRequired: boolean;
	pairs: { id: string; prompt: string; answer: string }[];
	distractors: string[];
	items: { id: string; text: string }[];
	minWords: string;
	maxWords: string;
	responseTemplate: string;
	graderInfo: string;
}

export type DraftErrors = Record<string, string>;
export type DraftResult = { ok: true; data: QuestionDefinition } | { ok: false; errors: DraftErrors };

const num = (value: number) => String(value);

/** An empty draft of one type (what "new question" shows). */
export function emptyDraft(type: QuestionType): QuestionDraft {
	return {
		type,
		name: '',
		textMd: '',
		generalFeedbackMd: '',
		defaultMark: type === 'essay' ? '5' : '1',
		penalty: '0.3333333',
		hints: [],
		shuffle: true,
		scoring: type === 'ordering' ? 'absolute' : 'partial',
		choices: [],
		correct: 'true',
		feedbackTrue: '',
		feedbackFalse: '',
		answers: [],
		caseSensitive: false,
		numbers: [],
		units: [],
		unitRequired: false,
		pairs: [],
		distractors: [],
		items: [],
		minWords: '',
		maxWords: '',
		responseTemplate: '',
		graderInfo: ''
	};
}

/** The editor's view of a saved version. */
export function definitionToDraft(definition: QuestionDefinition): QuestionDraft {
	const d = definition.data;
	const draft: QuestionDraft = {
		...emptyDraft(d.type),
		name: definition.name,
		textMd: definition.textMd,
		generalFeedbackMd: definition.generalFeedbackMd,
		defaultMark: num(definition.defaultMark),
		penalty: num(definition.penalty),
		hints: [...definition.hints]
	};
	switch (d.type) {
		case 'single':
		case 'multiple':
			draft.choices = d.choices.map((c) => ({ id: c.id, text: c.text, fraction: num(c.fraction), feedback: c.feedback }));
			draft.shuffle = d.shuffle;
			if (d.type === 'multiple') draft.scoring = d.scoring;
			break;
		case 'truefalse':
			draft.correct = d.correct ? 'true' : 'false';
			draft.feedbackTrue = d.feedbackTrue;
			draft.feedbackFalse = d.feedbackFalse;
			break;
		case 'shortanswer':
			draft.answers = d.answers.map((a) => ({ id: a.id, text: a.text, fraction: num(a.fraction), feedback: a.feedback }));
			draft.caseSensitive = d.caseSensitive;
			break;
		case 'numerical':
			draft.numbers = d.answers.map((a) => ({ id: a.id, value: num(a.value), tolerance: num(a.tolerance), fraction: num(a.fraction), feedback: a.feedback }));
			draft.units = d.units.map((u) => ({ unit: u.unit, multiplier: num(u.multiplier) }));
			draft.unitRequired = d.unitRequired;
			break;
		case 'matching':
			draft.pairs = d.pairs.map((p) => ({ ...p }));
			draft.distractors = [...d.distractors];
			draft.shuffle = d.shuffle;
			break;
		case 'ordering':
			draft.items = d.items.map((i) => ({ ...i }));
			draft.scoring = d.scoring;
			break;
		case 'essay':
			draft.minWords = d.minWords === null ? '' : num(d.minWords);
			draft.maxWords = d.maxWords === null ? '' : num(d.maxWords);
			draft.responseTemplate = d.responseTemplate;
			draft.graderInfo = d.graderInfo;
			break;
	}
	return draft;
}

const MAX_ROWS = 50;
const str = (form: FormData, key: string) => {
	const value = form.get(key);
	return typeof value === 'string' ? value : '';
};

/** Rows `prefix.N.field` for N = 0…, as sent (blank rows included, dropped later). */
function rows<K extends string>(form: FormData, prefix: string, fields: readonly K[]): Record<K, string>[] {
	const out: Record<K, string>[] = [];
	for (let i = 0; i < MAX_ROWS; i++) {
		if (!fields.some((f) => form.has(`${prefix}.${i}.${f}`))) continue;
		out.push(Object.fromEntries(fields.map((f) => [f, str(form, `${prefix}.${i}.${f}`)])) as Record<K, string>);
	}
	return out;
}

function list(form: FormData, prefix: string): string[] {
	const out: string[] = [];
	for (let i = 0; i < MAX_ROWS; i++) if (form.has(`${prefix}.${i}`)) out.push(str(form, `${prefix}.${i}`));
	return out;
}

/** What the editor form sent, as a draft (nothing validated yet). */
export function formToDraft(form: FormData): QuestionDraft {
	const typed = questionTypeSchema.safeParse(str(form, 'type'));
	const type = typed.success ? typed.data : 'single';
	const draft = emptyDraft(type);
	return {
		...draft,
		name: str(form, 'name'),
		textMd: str(form, 'textMd'),
		generalFeedbackMd: str(form, 'generalFeedbackMd'),
		defaultMark: str(form, 'defaultMark'),
		penalty: str(form, 'penalty') || draft.penalty,
		hints: list(form, 'hints'),
		shuffle: form.get('shuffle') === 'on',
		scoring: str(form, 'scoring') || draft.scoring,
		choices: rows(form, 'choices', ['id', 'text', 'fraction', 'feedback'] as const),
		correct: str(form, 'correct') === 'false' ? 'false' : 'true',
		feedbackTrue: str(form, 'feedbackTrue'),
		feedbackFalse: str(form, 'feedbackFalse'),
		answers: rows(form, 'answers', ['id', 'text', 'fraction', 'feedback'] as const),
		caseSensitive: form.get('caseSensitive') === 'on',
		numbers: rows(form, 'numbers', ['id', 'value', 'tolerance', 'fraction', 'feedback'] as const),
		units: rows(form, 'units', ['unit', 'multiplier'] as const),
		unitRequired: form.get('unitRequired') === 'on',
		pairs: rows(form, 'pairs', ['id', 'prompt', 'answer'] as const),
		distractors: list(form, 'distractors'),
		items: rows(form, 'items', ['id', 'text'] as const),
		minWords: str(form, 'minWords'),
		maxWords: str(form, 'maxWords'),
		responseTemplate: str(form, 'responseTemplate'),
		graderInfo: str(form, 'graderInfo')
	};
}

/** A number typed with a dot or a Polish decimal comma; NaN when it is not one. */
export function parseNumber(text: string): number {
	const cleaned = text.trim().replace(/\s/g, '').replace(',', '.');
	if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return Number.NaN;
	return Number(cleaned);
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Keeps ids the form carried (so a fixed version maps to the same choices), gives new rows fresh ones. */
function withIds<T extends { id: string }>(items: T[], prefix: string): T[] {
	const used = new Set<string>();
	const kept = items.map((item) => {
		if (ID_PATTERN.test(item.id) && !used.has(item.id)) {
			used.add(item.id);
			return item.id;
		}
		return '';
	});
	let n = 0;
	const fresh = () => {
		for (;;) {
			const candidate = prefix === 'letter' && n < 26 ? String.fromCharCode(97 + n) : `${prefix === 'letter' ? 'c' : prefix}${n + 1}`;
			n++;
			if (!used.has(candidate)) {
				used.add(candidate);
				return candidate;
			}
		}
	};
	return items.map((item, i) => ({ ...item, id: kept[i] || fresh() }));
}

const blank = (text: string) => text.trim() === '';
const full = (fraction: number) => Math.abs(fraction - 1) < 1e-6;

/** Validates a draft into a definition, or names every field that needs fixing (message keys). */
export function draftToDefinition(draft: QuestionDraft): DraftResult {
	const errors: DraftErrors = {};
	const fail = (field: string, key: string) => void (errors[field] ??= `questions.error.${key}`);
	if (blank(draft.name)) fail('name', 'nameRequired');
	if (blank(draft.textMd)) fail('textMd', 'textRequired');
	const defaultMark = parseNumber(draft.defaultMark);
	if (!(defaultMark > 0 && defaultMark <= 1000)) fail('defaultMark', 'mark');
	const penalty = parseNumber(draft.penalty);
	if (!(penalty >= 0 && penalty <= 1)) fail('penalty', 'penalty');
	const fractionOf = (text: string, field: string, min: number) => {
		const f = parseNumber(text);
		if (!(f >= min && f <= 1)) fail(field, 'fraction');
		return Number.isFinite(f) ? f : 0;
	};
	const data = buildData(draft, fail, fractionOf);
	if (Object.keys(errors).length > 0 || !data) return { ok: false, errors: Object.keys(errors).length ? errors : { form: 'questions.error.invalid' } };
	const parsed = questionDefinitionSchema.safeParse({
		name: draft.name.trim(),
		textMd: draft.textMd,
		generalFeedbackMd: draft.generalFeedbackMd,
		defaultMark,
		penalty,
		hints: draft.hints.filter((h) => !blank(h)),
		data
	});
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const path = issue.path.map(String);
			const field = path[0] === 'data' ? (path[1] ?? 'form') : (path[0] ?? 'form');
			fail(field === 'answers' && draft.type === 'numerical' ? 'numbers' : field, issue.code === 'too_big' ? 'tooLong' : 'invalid');
		}
		return { ok: false, errors };
	}
	return { ok: true, data: parsed.data };
}

type Fail = (field: string, key: string) => void;
type FractionOf = (text: string, field: string, min: number) => number;

function buildData(draft: QuestionDraft, fail: Fail, fractionOf: FractionOf): unknown {
	switch (draft.type) {
		case 'single':
		case 'multiple': {
			const choices = withIds(
				draft.choices.filter((c) => !blank(c.text)).map((c) => ({ id: c.id, text: c.text.trim(), fraction: fractionOf(c.fraction || '0', 'choices', -1), feedback: c.feedback })),
				'letter'
			);
			if (choices.length < 2) fail('choices', 'choicesMin');
			if (draft.type === 'single') {
				if (!choices.some((c) => full(c.fraction))) fail('choices', 'singleFull');
				return { type: 'single', choices, shuffle: draft.shuffle };
			}
			const positive = choices.reduce((sum, c) => sum + Math.max(0, c.fraction), 0);
			if (Math.abs(positive - 1) > 0.01) fail('choices', 'multipleSum');
			return { type: 'multiple', choices, shuffle: draft.shuffle, scoring: draft.scoring === 'allOrNothing' ? 'allOrNothing' : 'partial' };
		}
		case 'truefalse':
			return { type: 'truefalse', correct: draft.correct === 'true', feedbackTrue: draft.feedbackTrue, feedbackFalse: draft.feedbackFalse };
		case 'shortanswer': {
			const answers = withIds(
				draft.answers.filter((a) => !blank(a.text)).map((a) => ({ id: a.id, text: a.text.trim(), fraction: fractionOf(a.fraction || '0', 'answers', 0), feedback: a.feedback })),
				'a'
			);
			if (answers.length < 1) fail('answers', 'answersMin');
			else if (!answers.some((a) => full(a.fraction))) fail('answers', 'answerFull');
			return { type: 'shortanswer', answers, caseSensitive: draft.caseSensitive };
		}
		case 'numerical': {
			const filled = draft.numbers.filter((a) => !blank(a.value));
			const answers = withIds(
				filled.map((a) => {
					const value = parseNumber(a.value);
					const tolerance = blank(a.tolerance) ? 0 : parseNumber(a.tolerance);
					if (!Number.isFinite(value)) fail('numbers', 'number');
					if (!(tolerance >= 0)) fail('numbers', 'tolerance');
					return { id: a.id, value: Number.isFinite(value) ? value : 0, tolerance: tolerance >= 0 ? tolerance : 0, fraction: fractionOf(a.fraction || '0', 'numbers', 0), feedback: a.feedback };
				}),
				'a'
			);
			if (answers.length < 1) fail('numbers', 'answersMin');
			else if (!answers.some((a) => full(a.fraction))) fail('numbers', 'answerFull');
			const units = draft.units
				.filter((u) => !blank(u.unit) || !blank(u.multiplier))
				.map((u) => {
					const multiplier = blank(u.multiplier) ? 1 : parseNumber(u.multiplier);
					if (blank(u.unit) || !(multiplier > 0)) fail('units', 'unit');
					return { unit: u.unit.trim(), multiplier: multiplier > 0 ? multiplier : 1 };
				});
			if (draft.unitRequired && units.length === 0) fail('units', 'unitRequired');
			return { type: 'numerical', answers, units, unitRequired: draft.unitRequired };
		}
		case 'matching': {
			const started = draft.pairs.filter((p) => !blank(p.prompt) || !blank(p.answer));
			if (started.some((p) => blank(p.prompt) || blank(p.answer))) fail('pairs', 'pairIncomplete');
			const pairs = withIds(started.map((p) => ({ id: p.id, prompt: p.prompt.trim(), answer: p.answer.trim() })), 'p');
			if (pairs.length < 2) fail('pairs', 'pairsMin');
			return { type: 'matching', pairs, distractors: draft.distractors.map((d) => d.trim()).filter(Boolean), shuffle: draft.shuffle };
		}
		case 'ordering': {
			const items = withIds(draft.items.filter((i) => !blank(i.text)).map((i) => ({ id: i.id, text: i.text.trim() })), 'i');
			if (items.length < 2) fail('items', 'itemsMin');
			return { type: 'ordering', items, scoring: draft.scoring === 'allOrNothing' ? 'allOrNothing' : 'absolute' };
		}
		case 'essay': {
			const words = (text: string, field: string, min: number) => {
				if (blank(text)) return null;
				const n = parseNumber(text);
				if (!(Number.isInteger(n) && n >= min)) fail(field, 'words');
				return Number.isInteger(n) && n >= min ? n : null;
			};
			const minWords = words(draft.minWords, 'minWords', 0);
			const maxWords = words(draft.maxWords, 'maxWords', 1);
			if (minWords !== null && maxWords !== null && minWords > maxWords) fail('maxWords', 'wordsOrder');
			return { type: 'essay', minWords, maxWords, responseTemplate: draft.responseTemplate, graderInfo: draft.graderInfo };
		}
	}
}

