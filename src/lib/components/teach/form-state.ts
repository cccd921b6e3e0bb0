import type { MessageKey } from '$lib/i18n';

/** What an authoring action returns to its page: a success message, or what to correct and where. */
export interface FormState {
	action?: string;
	/** The section, activity or category the failed form was about. */
	target?: string;
	done?: MessageKey;
	values?: Record<string, string>;
	errors?: Record<string, string>;
	formError?: MessageKey;
	params?: Record<string, string | number>;
}

/** The state for one form: only when the last submission came from it. */
export function stateFor(form: FormState | null | undefined, action: string, target?: string): FormState | null {
	if (!form || form.action !== action || form.done) return null;
	if (target !== undefined && form.target !== target) return null;
	return form;
}
