import type { questionsPl } from './questions.pl';

export const questionsEn: Record<keyof typeof questionsPl, string> = {
	'questions.title': 'questions'
};
