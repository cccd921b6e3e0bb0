/** Polish messages of the legal area. Keys start with 'legal.'. */
export const legalPl = {
	'legal.placeholder': '—'
} as const;
