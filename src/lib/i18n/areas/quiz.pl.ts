/** Polish messages of the quiz area (keys: quiz.*). */
export const quizPl = {
	'quiz.title': 'quiz'
} as const;
