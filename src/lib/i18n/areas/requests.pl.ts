/** Polish messages of the requests area. Keys start with 'requests.'. */
export const requestsPl = {
	'requests.placeholder': '—'
} as const;
