import type { z } from 'zod';
import { hasMessage, type MessageKey } from '$lib/i18n';

/** The first translated message per field of a failed zod parse (the schemas' messages are i18n keys). */
export function fieldErrors<K extends string>(error: z.ZodError): Partial<Record<K, MessageKey>> {
	const errors: Partial<Record<K, MessageKey>> = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? '') as K;
		if (hasMessage(issue.message)) errors[field] ??= issue.message;
	}
	return errors;
}
