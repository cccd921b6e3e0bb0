import type { quizPl } from './quiz.pl';

export const quizEn: Record<keyof typeof quizPl, string> = {
	'quiz.title': 'quiz'
};
