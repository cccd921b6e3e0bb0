import { z } from 'zod';
import { behaviours, gradingMethods, overdueHandlings } from './quiz.tables';
import { reviewItems, reviewTimes, type ReviewOptions } from '../../quiz/settings';

/**
 * Input schemas of the trainer's quiz pages (settings, questions, overrides, grading).
 * Forms send flat strings; every message is an i18n key `quizadmin.error.*` shown next to
 * its field. Times are typed as `datetime-local` and mean wall-clock time in Poland.
 */

const ZONE = 'Europe/Warsaw';
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant of a Polish wall-clock time "YYYY-MM-DDTHH:mm" (a `datetime-local` value), or
 * null when it is not a real time. Poland is UTC+1 or UTC+2: a time skipped by the spring
 * change counts an hour later; an autumn time that happens twice is its first occurrence.
 */
export function warsawLocalToDate(value: string): Date | null {
	const m = LOCAL.exec(value);
	if (!m) return null;
	const [year, month, day, hour, minute] = m.slice(1).map(Number);
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
	const asUtc = Date.UTC(year, month - 1, day, hour, minute);
	if (new Date(asUtc).getUTCDate() !== day) return null;
	const hour1 = 3_600_000;
	const matching = [asUtc - 2 * hour1, asUtc - hour1].filter((at) => dateToWarsawLocal(new Date(at)) === value);
	return new Date(matching[0] ?? asUtc - hour1);
}

/** The `datetime-local` value (Polish wall-clock time) of an instant. */
export function dateToWarsawLocal(at: Date): string {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
	const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
	return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const checkbox = z.preprocess((v) => v === 'on' || v === 'yes' || v === 'true' || v === true, z.boolean());

/** A decimal number typed with a comma or a dot ("2,5"). */
export function parseDecimal(value: unknown): number | undefined {
	if (typeof value === 'number') return value;
	if (typeof value !== 'string') return undefined;
	const text = value.trim().replace(/\s/g, '').replace(',', '.');
	return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

const wholeNumber = (message: string, min: number, max: number) =>
	z.preprocess((v) => (blank(v) ? undefined : parseDecimal(v)), z.number(message).int(message).min(min, message).max(max, message));
const optionalWhole = (message: string, min: number, max: number) =>
	z.preprocess((v) => (blank(v) ? null : parseDecimal(v)), z.number(message).int(message).min(min, message).max(max, message).nullable());
const optionalDecimal = (message: string, min: number, max: number) =>
	z.preprocess((v) => (blank(v) ? null : parseDecimal(v)), z.number(message).min(min, message).max(max, message).nullable());
const localTime = z.preprocess(
	(v) => (blank(v) ? null : typeof v === 'string' ? (warsawLocalToDate(v.trim()) ?? 'invalid') : v),
	z.date('quizadmin.error.dateInvalid').nullable()
);

/** The settings form after parsing (minutes already turned into seconds by the service). */
export const quizSettingsSchema = z
	.object({
		opensAt: localTime,
		closesAt: localTime,
		timeLimitMinutes: optionalWhole('quizadmin.error.timeLimit', 1, 10_080),
		overdueHandling: z.enum(overdueHandlings, 'quizadmin.error.choice'),
		graceMinutes: z.preprocess((v) => (blank(v) ? 0 : v), wholeNumber('quizadmin.error.grace', 0, 10_080)),
		attemptsAllowed: z.preprocess((v) => (blank(v) ? 0 : v), wholeNumber('quizadmin.error.attempts', 0, 100)),
		delayMinutes: z.preprocess((v) => (blank(v) ? 0 : v), wholeNumber('quizadmin.error.delay', 0, 525_600)),
		gradingMethod: z.enum(gradingMethods, 'quizadmin.error.choice'),
		behaviour: z.enum(behaviours, 'quizadmin.error.choice'),
		maxTries: z.preprocess((v) => (blank(v) ? 3 : v), wholeNumber('quizadmin.error.maxTries', 1, 10)),
		passPercent: optionalDecimal('quizadmin.error.passPercent', 0, 100),
		shuffleQuestions: checkbox,
		shuffleAnswers: checkbox,
		questionsPerPage: z.preprocess((v) => (blank(v) ? 0 : v), wholeNumber('quizadmin.error.perPage', 0, 100)),
		finalTest: checkbox,
		practice: checkbox,
		review: z.object(Object.fromEntries(reviewItems.map((item) => [item, z.object(Object.fromEntries(reviewTimes.map((time) => [time, z.boolean()])))]))),
		overallFeedback: z
			.array(z.object({ minPercent: z.number('quizadmin.error.bandPercent').min(0, 'quizadmin.error.bandPercent').max(100, 'quizadmin.error.bandPercent'), text: z.string().max(5000, 'quizadmin.error.tooLong') }))
			.max(10)
	})
	.superRefine((s, ctx) => {
		if (s.opensAt && s.closesAt && s.closesAt <= s.opensAt) ctx.addIssue({ code: 'custom', message: 'quizadmin.error.window', path: ['closesAt'] });
		if (s.finalTest && s.practice) ctx.addIssue({ code: 'custom', message: 'quizadmin.error.practiceFinal', path: ['practice'] });
		if (s.finalTest && s.behaviour !== 'deferred') ctx.addIssue({ code: 'custom', message: 'quizadmin.error.finalBehaviour', path: ['behaviour'] });
		if (s.overdueHandling === 'graceperiod' && s.graceMinutes < 1) ctx.addIssue({ code: 'custom', message: 'quizadmin.error.graceRequired', path: ['graceMinutes'] });
		const mins = s.overallFeedback.map((b) => b.minPercent);
		if (new Set(mins).size !== mins.length) ctx.addIssue({ code: 'custom', message: 'quizadmin.error.bandDuplicate', path: ['overallFeedback'] });
	});
export type QuizSettingsInput = z.infer<typeof quizSettingsSchema> & { review: ReviewOptions };

/** How many overall feedback rows the form offers. */
export const FEEDBACK_BANDS = 5;

/** Turns the flat form (review.<item>.<time>, feedback.<i>.min / .text) into the schema's shape. */
export function settingsFormToInput(values: Record<string, string>): Record<string, unknown> {
	const review = Object.fromEntries(reviewItems.map((item) => [item, Object.fromEntries(reviewTimes.map((time) => [time, values[`review.${item}.${time}`] === 'on']))]));
	const overallFeedback: { minPercent: number | undefined; text: string }[] = [];
	for (let i = 0; i < FEEDBACK_BANDS; i++) {
		const min = values[`feedback.${i}.min`] ?? '';
		const text = (values[`feedback.${i}.text`] ?? '').trim();
		if (blank(min) && text === '') continue;
		overallFeedback.push({ minPercent: blank(min) ? 0 : parseDecimal(min), text });
	}
	return { ...values, review, overallFeedback };
}

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** The string fields of a form (files are ignored). */
export function formValues(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form.entries()) if (typeof value === 'string') out[key] = value.slice(0, 200_000);
	return out;
}

/** Validates a form: the data, or the first message per field (named as in the form) and what was typed. */
export function parseQuizForm<S extends z.ZodType>(schema: S, values: Record<string, string>, shape: (v: Record<string, string>) => unknown = (v) => v): Parsed<z.infer<S>> {
	const result = schema.safeParse(shape(values));
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = issue.path[0] === 'overallFeedback' ? 'overallFeedback' : String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message.startsWith('quizadmin.') ? issue.message : 'quizadmin.error.invalid';
	}
	return { ok: false, errors, values };
}

export const parseSettingsForm = (values: Record<string, string>) => parseQuizForm(quizSettingsSchema, values, settingsFormToInput);

const guid = z.guid('quizadmin.error.invalid');

export const addQuestionsSchema = z.object({
	questionIds: z.array(guid).min(1, 'quizadmin.error.pickQuestions').max(200, 'quizadmin.error.pickQuestions')
});
export const addRandomSchema = z.object({
	categoryId: z.guid('quizadmin.error.category'),
	count: wholeNumber('quizadmin.error.randomCount', 1, 50)
});
export const slotSchema = z.object({ slotId: guid });
export const moveSlotSchema = z.object({ slotId: guid, direction: z.enum(['up', 'down'], 'quizadmin.error.invalid') });
export const markSchema = z.object({ slotId: guid, mark: z.preprocess((v) => (blank(v) ? undefined : parseDecimal(v)), z.number('quizadmin.error.mark').min(0, 'quizadmin.error.mark').max(1000, 'quizadmin.error.mark')) });

export const overrideSchema = z
	.object({
		userId: z.guid('quizadmin.error.person'),
		timeLimitMinutes: optionalWhole('quizadmin.error.timeLimit', 1, 10_080),
		extraAttempts: z.preprocess((v) => (blank(v) ? 0 : v), wholeNumber('quizadmin.error.extraAttempts', 0, 100)),
		closesAt: localTime
	})
	.refine((o) => o.timeLimitMinutes !== null || o.extraAttempts > 0 || o.closesAt !== null, { message: 'quizadmin.error.overrideEmpty', path: ['timeLimitMinutes'] });
export type OverrideInput = z.infer<typeof overrideSchema>;

export const gradeSchema = z.object({
	/** Polish comma accepted; checked against the question's maximum by the service. */
	mark: z.preprocess((v) => (blank(v) ? undefined : parseDecimal(v)), z.number('quizadmin.error.mark').min(0, 'quizadmin.error.mark').max(1000, 'quizadmin.error.mark')),
	comment: z.string().max(10_000, 'quizadmin.error.tooLong').default('')
});

export const regradeSchema = z.object({
	questionId: z.preprocess((v) => (blank(v) ? null : v), guid.nullable()),
	toCurrentVersion: checkbox,
	confirm: z.literal('yes', 'quizadmin.error.confirm')
});

export const attemptStateFilters = ['all', 'finished', 'in_progress', 'abandoned', 'needs_grading'] as const;
export const passedFilters = ['all', 'passed', 'failed'] as const;
export const attemptsFilterSchema = z.object({
	state: z.enum(attemptStateFilters).catch('all'),
	passed: z.enum(passedFilters).catch('all'),
	q: z.string().trim().max(200).catch(''),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type AttemptsFilter = z.infer<typeof attemptsFilterSchema>;
