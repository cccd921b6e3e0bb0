/** Extra development-provider accounts of the quizadmin journeys (same shape as in accounts.ts). */
export const quizAdminAccounts: { sub: string; username: string; password: string; given_name: string; family_name: string; email: string; roles: string[] }[] = [
	{ sub: 'e2e-qa-essayist', username: 'qa-esej', password: 'demo', given_name: 'Łucja', family_name: 'Esejowska', email: 'lucja.esejowska@example.gov.pl', roles: [] },
	/** A name that a spreadsheet would run as a formula: the CSV must show it as text. */
	{ sub: 'e2e-qa-formula', username: 'qa-formula', password: 'demo', given_name: "=cmd|' /C calc'!A0", family_name: 'Formułowa', email: 'formula@example.gov.pl', roles: [] },
	/** A trainer of other courses: this course's reports answer 404. */
	{ sub: 'e2e-qa-other-trainer', username: 'qa-trener', password: 'demo', given_name: 'Olgierd', family_name: 'Obcy', email: 'olgierd.obcy@example.gov.pl', roles: ['trainer'] },
	{ sub: 'e2e-qa-third', username: 'qa-trzeci', password: 'demo', given_name: 'Żaneta', family_name: 'Trzecia', email: 'zaneta.trzecia@example.gov.pl', roles: [] }
];
