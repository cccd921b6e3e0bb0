import type { qformatPl } from './qformat.pl';

export const qformatEn: Record<keyof typeof qformatPl, string> = {
	'qformat.title': 'qformat'
};
