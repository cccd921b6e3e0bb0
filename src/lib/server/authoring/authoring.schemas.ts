import { z } from 'zod';
import { licences, visibilities } from '../courses/courses.tables';

/**
 * Input schemas of trainer authoring, shared by SvelteKit actions and any later API.
 * Every message is an i18n key (`teach.error.*`), shown next to its field.
 */

const checkbox = z.preprocess((v) => v === 'on' || v === 'yes' || v === 'true' || v === true, z.boolean());
const optionalText = (max: number) => z.string().trim().max(max, 'teach.error.tooLong').default('');
const emptyToNull = (v: unknown) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? null : v);

/** An absolute http(s) URL; other schemes (javascript:, data:, file:) are refused. */
export const httpUrl = z
	.string()
	.trim()
	.max(2000, 'teach.error.urlInvalid')
	.refine((value) => {
		try {
			const url = new URL(value);
			return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
		} catch {
			return false;
		}
	}, 'teach.error.urlInvalid');

const dateField = z.preprocess(
	emptyToNull,
	z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'teach.error.dateInvalid')
		.refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'teach.error.dateInvalid')
		.nullable()
);

export const createCourseSchema = z.object({
	title: z.string().trim().min(3, 'teach.error.titleInvalid').max(200, 'teach.error.titleInvalid')
});

export const courseSettingsSchema = z
	.object({
		title: z.string().trim().min(3, 'teach.error.titleInvalid').max(200, 'teach.error.titleInvalid'),
		summary: optionalText(5000),
		keywords: optionalText(500),
		categoryId: z.preprocess(emptyToNull, z.guid('teach.error.categoryInvalid').nullable()),
		visibility: z.enum(visibilities, 'teach.error.visibilityInvalid'),
		selfEnrolment: checkbox,
		/** A new key replaces the stored hash; empty keeps it unless removeKey is checked. */
		enrolmentKey: z.preprocess(emptyToNull, z.string().min(4, 'teach.error.keyInvalid').max(100, 'teach.error.keyInvalid').nullable()),
		removeKey: checkbox,
		enrolmentOpensAt: dateField,
		enrolmentClosesAt: dateField,
		estimatedHours: z.preprocess(
			(v) => (v === undefined ? null : typeof v === 'string' ? (v.trim() === '' ? null : Number(v.trim().replace(',', '.'))) : v),
			z.number('teach.error.hoursInvalid').min(0, 'teach.error.hoursInvalid').max(9999, 'teach.error.hoursInvalid').nullable()
		)
	})
	.refine((c) => !c.enrolmentOpensAt || !c.enrolmentClosesAt || c.enrolmentOpensAt <= c.enrolmentClosesAt, {
		message: 'teach.error.windowInvalid',
		path: ['enrolmentClosesAt']
	});
export type CourseSettingsInput = z.infer<typeof courseSettingsSchema>;

export const sectionSchema = z.object({
	title: z.string().trim().min(1, 'teach.error.sectionTitleInvalid').max(200, 'teach.error.sectionTitleInvalid'),
	summary: optionalText(2000)
});
export type SectionInput = z.infer<typeof sectionSchema>;

/**
 * Every material names its licence, author and attribution line (terms §3); the source
 * URL is optional (own work has none) but must be http(s) when given.
 */
const materialFields = {
	title: z.string().trim().min(1, 'teach.error.activityTitleInvalid').max(200, 'teach.error.activityTitleInvalid'),
	description: optionalText(2000),
	required: checkbox,
	completion: z.enum(['manual', 'view'], 'teach.error.completionInvalid'),
	discussionEnabled: checkbox,
	licence: z.enum(licences, 'teach.error.licenceRequired'),
	author: z.string('teach.error.authorRequired').trim().min(1, 'teach.error.authorRequired').max(200, 'teach.error.tooLong'),
	sourceUrl: z.preprocess(emptyToNull, httpUrl.nullable()),
	attribution: z.string('teach.error.attributionRequired').trim().min(1, 'teach.error.attributionRequired').max(500, 'teach.error.tooLong')
};

/** Quizzes and surveys: own work of the course, so licence and attribution are optional (defaults). */
const assessmentFields = {
	title: materialFields.title,
	description: materialFields.description,
	required: checkbox,
	discussionEnabled: checkbox,
	licence: z.preprocess((v) => (v === undefined || v === '' ? 'all-rights-reserved' : v), z.enum(licences, 'teach.error.licenceRequired')),
	author: optionalText(200),
	sourceUrl: z.null().default(null),
	attribution: optionalText(500),
	url: z.null().default(null),
	bodyMd: z.string().default('')
};

export const activitySchema = z.discriminatedUnion(
	'type',
	[
		z.object({
			type: z.literal('lesson'),
			...materialFields,
			bodyMd: z.string().max(100_000, 'teach.error.tooLong').min(1, 'teach.error.bodyRequired'),
			/** An optional video link, shown as a link (never an embedded frame). */
			url: z.preprocess(emptyToNull, httpUrl.nullable())
		}),
		z.object({ type: z.literal('file'), ...materialFields, url: z.null().default(null), bodyMd: z.string().default('') }),
		z.object({ type: z.literal('link'), ...materialFields, url: httpUrl, bodyMd: z.string().default('') }),
		z.object({ type: z.literal('quiz'), ...assessmentFields, completion: z.enum(['manual', 'submit', 'pass'], 'teach.error.completionInvalid') }),
		z.object({ type: z.literal('survey'), ...assessmentFields, completion: z.enum(['manual', 'submit'], 'teach.error.completionInvalid') })
	],
	'teach.error.typeInvalid'
);
export type ActivityInput = z.infer<typeof activitySchema>;

/** Move one section or activity: one step (buttons) or to a 0-based index (drag and drop). */
export const reorderSchema = z
	.object({
		kind: z.enum(['section', 'activity']),
		id: z.guid(),
		direction: z.preprocess(emptyToNull, z.enum(['up', 'down']).nullable().default(null)),
		to: z.preprocess(emptyToNull, z.coerce.number().int().min(0).max(10_000).nullable().default(null))
	})
	.refine((r) => (r.direction === null) !== (r.to === null), { message: 'teach.error.reorderInvalid', path: ['direction'] });
export type ReorderInput = z.infer<typeof reorderSchema>;

export const coTrainerSchema = z.object({
	email: z.string().trim().toLowerCase().max(200, 'teach.error.emailInvalid').regex(/^[^\s@]+@[^\s@]+$/, 'teach.error.emailInvalid')
});

export const categorySchema = z.object({
	name: z.string().trim().min(2, 'teach.error.categoryNameInvalid').max(100, 'teach.error.categoryNameInvalid')
});

export const idSchema = z.object({ id: z.guid() });

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, string> };

/** The text fields of a form (files are left out), each capped so a huge value cannot be echoed back. */
export function formValues(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form.entries()) if (typeof value === 'string') out[key] = value.slice(0, 200_000);
	return out;
}

/** Validates form fields against a schema: the data, or the first message per field and what was typed. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData | Record<string, string>): Parsed<z.infer<S>> {
	const values = form instanceof FormData ? formValues(form) : form;
	const result = schema.safeParse(values);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message.startsWith('teach.') ? issue.message : 'teach.error.invalid';
	}
	return { ok: false, errors, values };
}
