/** Polish messages of the surveys area (keys: surveys.*). */
export const surveysPl = {
	'surveys.title': 'surveys'
} as const;
