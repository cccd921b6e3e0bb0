import fs from 'node:fs';
import { z } from 'zod';

/**
 * Demo accounts of the built-in development identity provider (documented in the
 * README). They live in the provider, not in the platform: the platform learns of
 * them only through ID tokens, exactly as with a real provider.
 */
export interface DemoAccount {
	sub: string;
	username: string;
	password: string;
	given_name: string;
	family_name: string;
	email: string;
	roles: string[];
	picture?: string;
	locale?: string;
}

const accountSchema = z.object({
	sub: z.string().min(1),
	username: z.string().min(1),
	password: z.string().min(1),
	given_name: z.string(),
	family_name: z.string(),
	email: z.string(),
	roles: z.array(z.string()).default([]),
	picture: z.string().optional(),
	locale: z.string().optional()
});

export const demoAccounts: DemoAccount[] = [
	{ sub: 'demo-participant-0001', username: 'uczestnik', password: 'demo', given_name: 'Anna', family_name: 'Nowak', email: 'anna.nowak@example.gov.pl', roles: [] },
	{ sub: 'demo-trainer-0002', username: 'trener', password: 'demo', given_name: 'Jan', family_name: 'Kowalski', email: 'jan.kowalski@example.gov.pl', roles: ['trainer'] },
	{ sub: 'demo-admin-0003', username: 'admin', password: 'demo', given_name: 'Ewa', family_name: 'Wiśniewska', email: 'ewa.wisniewska@example.gov.pl', roles: ['admin'] },
	{ sub: 'demo-specialist-0004', username: 'specjalista', password: 'demo', given_name: 'Piotr', family_name: 'Zieliński', email: 'piotr.zielinski@example.gov.pl', roles: ['specialist'] }
];

/** Demo accounts plus any listed in DEV_IDP_ACCOUNTS_FILE (a JSON array; used by tests). */
export function loadAccounts(extraFile: string | undefined): DemoAccount[] {
	if (!extraFile) return demoAccounts;
	const extra = z.array(accountSchema).parse(JSON.parse(fs.readFileSync(extraFile, 'utf8')));
	return [...demoAccounts, ...extra];
}
