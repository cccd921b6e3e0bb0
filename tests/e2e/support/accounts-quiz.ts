/** Extra development-provider accounts of the quiz journeys (same shape as in accounts.ts). */
type Account = { sub: string; username: string; password: string; given_name: string; family_name: string; email: string; roles: string[] };

/** Takes the several-page quiz (reload, offline, double submit, review). */
export const quizTaker: Account = {
	sub: 'e2e-quiz-taker',
	username: 'quizowicz',
	password: 'demo',
	given_name: 'Zofia',
	family_name: 'Źdźbło-Quizowa',
	email: 'zofia.quizowa@example.gov.pl',
	roles: []
};

/** Takes the quiz with a 20-second time limit (and lets the time run out). */
export const quizTimed: Account = {
	sub: 'e2e-quiz-timed',
	username: 'czasowy',
	password: 'demo',
	given_name: 'Łukasz',
	family_name: 'Czasowy',
	email: 'lukasz.czasowy@example.gov.pl',
	roles: []
};

/** Takes a quiz with JavaScript off, tries someone else's attempt, and uses the "Sprawdź" button. */
export const quizOther: Account = {
	sub: 'e2e-quiz-other',
	username: 'bezskryptowa',
	password: 'demo',
	given_name: 'Agnieszka',
	family_name: 'Bezskryptowa',
	email: 'agnieszka.bezskryptowa@example.gov.pl',
	roles: []
};

/** Gets extra time from an administrator while their timed attempt runs. */
export const quizExtraTime: Account = {
	sub: 'e2e-quiz-extra-time',
	username: 'dluzszy-czas',
	password: 'demo',
	given_name: 'Bożena',
	family_name: 'Wydłużona',
	email: 'bozena.wydluzona@example.gov.pl',
	roles: []
};

export const quizAccounts: Account[] = [quizTaker, quizTimed, quizOther, quizExtraTime];
