/** Polish messages of the admin area. Keys start with 'admin.'. */
export const adminPl = {
	'admin.placeholder': '—'
} as const;
