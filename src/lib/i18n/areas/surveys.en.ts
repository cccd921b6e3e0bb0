import type { surveysPl } from './surveys.pl';

export const surveysEn: Record<keyof typeof surveysPl, string> = {
	'surveys.title': 'surveys'
};
