import type { quizadminPl } from './quizadmin.pl';

export const quizadminEn: Record<keyof typeof quizadminPl, string> = {
	'quizadmin.title': 'quizadmin'
};
