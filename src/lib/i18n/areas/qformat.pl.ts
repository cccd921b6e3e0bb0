/** Polish messages of the qformat area (keys: qformat.*). */
export const qformatPl = {
	'qformat.title': 'qformat'
} as const;
