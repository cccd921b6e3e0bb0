import type { Locale } from '$lib/i18n';

/** Date and time in Europe/Warsaw, e.g. "21 listopada 2026, 14:05". */
export function formatDateTime(value: string | Date | null, locale: Locale): string {
	if (!value) return '';
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'pl-PL', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Warsaw' }).format(new Date(value));
}

/** A mark or percentage with at most two decimals, comma in Polish. */
export function formatNumber(value: number, locale: Locale): string {
	return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'pl-PL', { maximumFractionDigits: 2 }).format(value);
}

/** Seconds as whole minutes, or minutes and seconds. */
export function minutesParts(seconds: number): { minutes: number; seconds: number } {
	return { minutes: Math.floor(seconds / 60), seconds: seconds % 60 };
}
