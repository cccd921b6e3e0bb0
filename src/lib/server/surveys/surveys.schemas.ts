import { z } from 'zod';
import { surveyQuestionTypes, type SurveyQuestionOptions, type SurveyQuestionType } from './surveys.tables';

/** Text length caps of answers and question fields. */
export const SHORT_TEXT_MAX = 500;
export const LONG_TEXT_MAX = 5000;
export const QUESTION_TEXT_MAX = 2000;
export const CHOICE_MAX = 300;
export const CHOICES_MAX = 20;
export const LABEL_MAX = 100;

/** A number as people type it in Poland: "3,5" or "3.5", spaces as thousands separators. */
export function parseDecimal(raw: string): number | null {
	const text = raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
	if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(text)) return null;
	const value = Number(text);
	return Number.isFinite(value) ? value : null;
}

const optionalDecimal = z
	.string()
	.transform((value, ctx) => {
		if (value.trim() === '') return null;
		const parsed = parseDecimal(value);
		if (parsed === null) ctx.addIssue({ code: 'custom', message: 'surveys.form.number' });
		return parsed;
	});

const scaleBound = z.string().transform((value, ctx) => {
	const parsed = parseDecimal(value);
	if (parsed === null || !Number.isInteger(parsed) || parsed < 0 || parsed > 10) {
		ctx.addIssue({ code: 'custom', message: 'surveys.form.scaleBound' });
		return 0;
	}
	return parsed;
});

/** The trainer's question form: the raw fields, turned into type, text, required and options. */
export const questionForm = z
	.object({
		type: z.enum(surveyQuestionTypes, { message: 'surveys.form.type' }),
		text: z.string().trim().min(1, 'surveys.form.textRequired').max(QUESTION_TEXT_MAX, 'surveys.form.textTooLong'),
		required: z.boolean(),
		choices: z.string().max(CHOICES_MAX * (CHOICE_MAX + 2), 'surveys.form.choices'),
		scaleMin: scaleBound,
		scaleMax: scaleBound,
		minLabel: z.string().trim().max(LABEL_MAX, 'surveys.form.labelTooLong'),
		maxLabel: z.string().trim().max(LABEL_MAX, 'surveys.form.labelTooLong'),
		min: optionalDecimal,
		max: optionalDecimal
	})
	.transform((form, ctx) => {
		const options: SurveyQuestionOptions = {};
		if (form.type === 'single' || form.type === 'multiple') {
			const choices = form.choices
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter(Boolean);
			if (choices.length < 2 || choices.length > CHOICES_MAX || choices.some((c) => c.length > CHOICE_MAX)) ctx.addIssue({ code: 'custom', path: ['choices'], message: 'surveys.form.choices' });
			options.choices = choices;
		}
		if (form.type === 'rating') {
			if (form.scaleMax <= form.scaleMin) ctx.addIssue({ code: 'custom', path: ['scaleMax'], message: 'surveys.form.scaleOrder' });
			Object.assign(options, { scaleMin: form.scaleMin, scaleMax: form.scaleMax, minLabel: form.minLabel, maxLabel: form.maxLabel });
		}
		if (form.type === 'numeric') {
			if (form.min !== null && form.max !== null && form.max < form.min) ctx.addIssue({ code: 'custom', path: ['max'], message: 'surveys.form.rangeOrder' });
			Object.assign(options, { min: form.min, max: form.max });
		}
		return { type: form.type as SurveyQuestionType, text: form.text, required: form.required, options };
	});

export type QuestionInput = z.output<typeof questionForm>;

/** Reads the question form from FormData-like values (missing fields are empty). */
export function questionFormValues(get: (name: string) => unknown) {
	const text = (name: string) => {
		const value = get(name);
		return typeof value === 'string' ? value : '';
	};
	return {
		type: text('type'),
		text: text('text'),
		required: get('required') === 'on',
		choices: text('choices'),
		scaleMin: text('scaleMin') || '1',
		scaleMax: text('scaleMax') || '5',
		minLabel: text('minLabel'),
		maxLabel: text('maxLabel'),
		min: text('min'),
		max: text('max')
	};
}

/** Survey settings: anonymity and the open/close instants (already converted from Polish local time). */
export const settingsInput = z
	.object({ anonymous: z.boolean(), opensAt: z.date().nullable(), closesAt: z.date().nullable() })
	.refine((s) => !s.opensAt || !s.closesAt || s.closesAt > s.opensAt, { path: ['closesAt'], message: 'surveys.form.closeBeforeOpen' });

/** Field errors of a failed zod parse, first message per top-level field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = String(issue.path[0] ?? 'form');
		fields[key] ??= issue.message;
	}
	return fields;
}

/** One question as answers are checked against it. */
export interface AnswerQuestion {
	id: string;
	type: SurveyQuestionType;
	required: boolean;
	options: SurveyQuestionOptions;
}

/** A checked answer, in the columns it is stored in. */
export interface CheckedAnswer {
	questionId: string;
	valueText: string | null;
	valueNumber: number | null;
	valueChoices: number[] | null;
}

const index = (raw: string, count: number) => (/^\d{1,3}$/.test(raw) && Number(raw) < count ? Number(raw) : null);

/** Checks one question's raw values; returns the answer, null (no answer), or a message key. */
function checkOne(q: AnswerQuestion, raw: string[]): CheckedAnswer | null | { error: string } {
	const values = raw.map((v) => v.trim()).filter((v) => v !== '');
	if (values.length === 0) return q.required ? { error: 'surveys.answer.required' } : null;
	const base = { questionId: q.id, valueText: null, valueNumber: null, valueChoices: null };
	switch (q.type) {
		case 'rating': {
			const value = values.length === 1 ? parseDecimal(values[0]) : null;
			const min = q.options.scaleMin ?? 1;
			const max = q.options.scaleMax ?? 5;
			if (value === null || !Number.isInteger(value) || value < min || value > max) return { error: 'surveys.answer.choice' };
			return { ...base, valueNumber: value };
		}
		case 'single': {
			const choice = values.length === 1 ? index(values[0], q.options.choices?.length ?? 0) : null;
			return choice === null ? { error: 'surveys.answer.choice' } : { ...base, valueChoices: [choice] };
		}
		case 'multiple': {
			const choices = values.map((v) => index(v, q.options.choices?.length ?? 0));
			if (choices.some((c) => c === null) || new Set(choices).size !== choices.length) return { error: 'surveys.answer.choice' };
			return { ...base, valueChoices: (choices as number[]).sort((a, b) => a - b) };
		}
		case 'numeric': {
			const value = values.length === 1 ? parseDecimal(values[0]) : null;
			if (value === null) return { error: 'surveys.answer.number' };
			if (q.options.min != null && value < q.options.min) return { error: 'surveys.answer.tooSmall' };
			if (q.options.max != null && value > q.options.max) return { error: 'surveys.answer.tooLarge' };
			return { ...base, valueNumber: value };
		}
		case 'short_text':
		case 'long_text': {
			const cap = q.type === 'short_text' ? SHORT_TEXT_MAX : LONG_TEXT_MAX;
			const text = z.string().max(cap).safeParse(values.length === 1 ? values[0] : null);
			return text.success ? { ...base, valueText: text.data } : { error: 'surveys.answer.tooLong' };
		}
	}
}

/**
 * Checks every answer of a response against its questions. Values of unknown questions
 * are ignored. Returns the answers to store, or the message key per question id.
 */
export function checkAnswers(questions: AnswerQuestion[], raw: Record<string, string[]>): { ok: true; answers: CheckedAnswer[] } | { ok: false; errors: Record<string, string> } {
	const answers: CheckedAnswer[] = [];
	const errors: Record<string, string> = {};
	for (const q of questions) {
		const result = checkOne(q, raw[q.id] ?? []);
		if (result && 'error' in result) errors[q.id] = result.error;
		else if (result) answers.push(result);
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, answers };
}

/** Offset of Polish time from UTC at an instant, in milliseconds. */
function warsawOffset(at: Date) {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * A date and time as typed in Poland ("2026-03-10T09:00" from a datetime-local field, or
 * with a space) as an instant; null for an empty field, undefined when it is not a date.
 */
export function parseWarsawDateTime(raw: string): Date | null | undefined {
	const value = raw.trim();
	if (value === '') return null;
	const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(value);
	if (!match) return undefined;
	const [y, mo, d, h, mi] = match.slice(1).map(Number);
	const naive = Date.UTC(y, mo - 1, d, h, mi);
	const check = new Date(naive);
	if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59) return undefined;
	const guess = new Date(naive - warsawOffset(new Date(naive)));
	return new Date(naive - warsawOffset(guess));
}

/** An instant as the value of a datetime-local field in Polish time ("2026-03-10T09:00"). */
export function toWarsawDateTime(at: Date | string | null): string {
	if (!at) return '';
	const date = new Date(at);
	return new Date(date.getTime() + warsawOffset(date)).toISOString().slice(0, 16);
}
