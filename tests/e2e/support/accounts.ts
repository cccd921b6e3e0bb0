import { quizAccounts } from './accounts-quiz';
import { quizAdminAccounts } from './accounts-quizadmin';
import { surveyAccounts } from './accounts-surveys';

/**
 * Demo accounts of the development identity provider used by the journeys. The four
 * built-in ones come from src/server/dev-idp/accounts.ts; the extra ones are written
 * to DEV_IDP_ACCOUNTS_FILE by the global setup.
 */
export const PASSWORD = 'demo';

export const demo = {
	participant: { username: 'uczestnik', name: 'Anna Nowak', role: 'Uczestnik' },
	trainer: { username: 'trener', name: 'Jan Kowalski', role: 'Trener' },
	admin: { username: 'admin', name: 'Ewa Wiśniewska', role: 'Administrator platformy' },
	specialist: { username: 'specjalista', name: 'Piotr Zieliński', role: 'Specjalista linii wsparcia' }
} as const;

/** A participant of their own, so blocking them disturbs no other journey. */
export const blockable = {
	sub: 'e2e-participant-blockable',
	username: 'uczestnik-blokada',
	password: PASSWORD,
	given_name: 'Zofia',
	family_name: 'Blokowalska',
	email: 'zofia.blokowalska@example.gov.pl',
	roles: [] as string[]
};

/** Claims an attacker controls at the identity provider: must render as inert text. */
export const hostile = {
	sub: 'e2e-hostile-claims',
	username: 'xss',
	password: PASSWORD,
	given_name: '<img src=x onerror="window.__xss=1">',
	family_name: '<script>window.__xss=2</script>',
	email: 'xss@example.gov.pl',
	roles: [] as string[]
};

/** An administrator of the admin-page tests: switching its language touches no other journey. */
export const secondAdmin = {
	sub: 'e2e-admin-second',
	username: 'admin-e2e',
	password: PASSWORD,
	given_name: 'Adam',
	family_name: 'Testowy',
	email: 'adam.testowy@example.gov.pl',
	roles: ['admin']
};

/** A participant enrolled (by the seed) in the discussion course of the discussion journeys. */
export const discussant = {
	sub: 'e2e-discussant',
	username: 'dyskutant',
	password: PASSWORD,
	given_name: 'Dorota',
	family_name: 'Dyskusyjna',
	email: 'dorota.dyskusyjna@example.gov.pl',
	roles: [] as string[]
};

/** A participant of the consent journeys only: their first sign-in is the one the journey checks. */
export const newcomer = {
	sub: 'e2e-consent-newcomer',
	username: 'nowa-osoba',
	password: PASSWORD,
	given_name: 'Natalia',
	family_name: 'Nowicka',
	email: 'natalia.nowicka@example.gov.pl',
	roles: [] as string[]
};

/** A participant of the account-deletion journey: the account is deleted for good. */
export const deletable = {
	sub: 'e2e-participant-deletable',
	username: 'uczestnik-usuwany',
	password: PASSWORD,
	given_name: 'Wiesława',
	family_name: 'Usuwalna',
	email: 'wieslawa.usuwalna@example.gov.pl',
	roles: [] as string[]
};

/** A participant of the "My data" journeys: the provider sends no names, so the person may set them in the profile. */
export const dataOwner = {
	sub: 'e2e-my-data-owner',
	username: 'moje-dane',
	password: PASSWORD,
	given_name: '',
	family_name: '',
	email: 'wlasciciel.danych@example.gov.pl',
	roles: [] as string[]
};

export const extraAccounts = [blockable, hostile, secondAdmin, discussant, newcomer, dataOwner, deletable, ...quizAccounts, ...quizAdminAccounts, ...surveyAccounts];
