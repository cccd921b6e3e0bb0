import type { legalPl } from './legal.pl';

/** English messages of the legal area: every key of legal.pl.ts. */
export const legalEn: Record<keyof typeof legalPl, string> = {
	'legal.placeholder': '—'
};
