import { tick } from 'svelte';
import type { SubmitFunction } from '@sveltejs/kit';

/** use:enhance that, after a refused submission, takes the person to the first field to correct. */
export const focusFirstError: SubmitFunction = ({ formElement }) => {
	return async ({ result, update }) => {
		await update({ reset: result.type === 'success' });
		await tick();
		if (result.type === 'failure') formElement.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
	};
};

/** Dates in one fixed time zone so the server and the browser print the same text. */
export function formatDate(iso: string, locale: string) {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'pl-PL', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Warsaw' }).format(new Date(iso));
}
