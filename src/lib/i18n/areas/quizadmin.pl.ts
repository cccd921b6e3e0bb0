/** Polish messages of the quizadmin area (keys: quizadmin.*). */
export const quizadminPl = {
	'quizadmin.title': 'quizadmin'
} as const;
