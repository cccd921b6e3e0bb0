import type { adminPl } from './admin.pl';

/** English messages of the admin area: every key of admin.pl.ts. */
export const adminEn: Record<keyof typeof adminPl, string> = {
	'admin.placeholder': '—'
};
