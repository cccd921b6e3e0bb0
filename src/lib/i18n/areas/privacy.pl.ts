/** Polish messages of the privacy area. Keys start with 'privacy.'. */
export const privacyPl = {
	'privacy.placeholder': '—'
} as const;
