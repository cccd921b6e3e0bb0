import { z } from 'zod';
import { documentKinds, processingPurposes } from './legal.tables';

export const documentKind = z.enum(documentKinds);
export const processingPurpose = z.enum(processingPurposes);

/** A version number in a URL; anything else is not found. */
export const versionParam = z.coerce.number().int().min(1).max(1_000_000);
/** ?page= of a list; bad values fall back to the first page, never an error page. */
export const pageQuery = z.coerce.number().int().min(1).max(10_000).catch(1);

const title = z.string().trim().min(1, 'legal.error.titleRequired').max(200, 'legal.error.titleTooLong');
const body = z.string().trim().min(1, 'legal.error.bodyRequired').max(100_000, 'legal.error.bodyTooLong');

/** The edit page's fields; a draft may be saved with an empty change note. */
export const draftForm = z.object({
	titlePl: title,
	bodyPl: body,
	titleEn: title,
	bodyEn: body,
	changeNote: z.string().trim().max(1000, 'legal.error.changeNote')
});

/** Publishing needs a change note (shown to everyone asked to accept again) and the admin's confirmation. */
export const publishForm = draftForm.extend({
	changeNote: z.string().trim().min(3, 'legal.error.changeNote').max(1000, 'legal.error.changeNote'),
	confirm: z.literal('yes', 'legal.error.confirmPublish')
});

export const discardForm = z.object({ confirm: z.literal('yes', 'legal.error.confirmDiscard') });

/** The optional consent form of /profile/consents. */
export const consentForm = z.object({ purpose: processingPurpose, granted: z.enum(['yes', 'no']) });

/** Reads form fields as strings (files and repeated keys ignored), each cut to a bounded length. */
export function formValues(form: FormData, max = 200_000): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form.entries()) if (typeof value === 'string' && !(key in out)) out[key] = value.slice(0, max);
	return out;
}

/** The first message key per field of a failed parse. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
	const errors: Record<string, string> = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message.startsWith('legal.') ? issue.message : 'legal.error.invalid';
	}
	return errors;
}
