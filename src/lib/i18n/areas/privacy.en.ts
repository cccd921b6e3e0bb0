import type { privacyPl } from './privacy.pl';

/** English messages of the privacy area: every key of privacy.pl.ts. */
export const privacyEn: Record<keyof typeof privacyPl, string> = {
	'privacy.placeholder': '—'
};
