/** Extra development-provider accounts of the surveys journeys (same shape as in accounts.ts). */
type Account = { sub: string; username: string; password: string; given_name: string; family_name: string; email: string; roles: string[] };

/** Answers the anonymous survey (and tries to answer it twice). */
export const surveyRespondent: Account = {
	sub: 'e2e-survey-respondent',
	username: 'ankietowany',
	password: 'demo',
	given_name: 'Grażyna',
	family_name: 'Ankietowa-Źrebiec',
	email: 'grazyna.ankietowa@example.gov.pl',
	roles: []
};

/** Enrolled in the survey course, has not answered yet (tries a crafted post to the results). */
export const surveyOther: Account = {
	sub: 'e2e-survey-other',
	username: 'ankietowany2',
	password: 'demo',
	given_name: 'Bożydar',
	family_name: 'Łącki',
	email: 'bozydar.lacki@example.gov.pl',
	roles: []
};

export const surveyAccounts: Account[] = [surveyRespondent, surveyOther];
