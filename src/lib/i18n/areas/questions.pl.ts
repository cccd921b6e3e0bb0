/** Polish messages of the questions area (keys: questions.*). */
export const questionsPl = {
	'questions.title': 'questions'
} as const;
