import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { loadConfig } from '../config/config';
import { sessions } from '../auth/auth.tables';
import pino from 'pino';
import { blockUser, grantRole, rolesFromClaims, unblockUser, upsertFromClaims, getUserWithRoles, type AdminDeps, type ClaimRules } from './users.service';
import { users } from './users.tables';
import { auditLog } from '../admin/admin.tables';
import { mailOutbox } from '../mail/mail.tables';
import { createMailer } from '../mail/mail.service';

const ISS = 'https://sso.example.gov.pl/realms/region';
const baseRules = (env: Record<string, string> = {}): ClaimRules => {
	const c = loadConfig({ OIDC_ROLES_CLAIM: 'roles', ...env });
	return { fields: c.oidc.fields, rolesClaim: c.oidc.rolesClaim, roleValues: c.oidc.roleValues };
};

describe.each(testDrivers())('users on %s', (driver) => {
	let database: Database;
	const clock = fixedClock();
	beforeAll(async () => {
		database = await createTestDatabase(driver);
	});
	afterAll(async () => {
		await database?.close();
	});
	const deps = (env?: Record<string, string>) => ({ db: database.db, clock, rules: baseRules(env) });
	const config = loadConfig({ ORIGIN: 'https://szkolenia.example.gov.pl', CONTACT_EMAIL: 'pomoc@example.gov.pl' });
	/** The real outbox (development transport): what a block enqueues is read back from mail_outbox. */
	const admin = (): AdminDeps => ({ db: database.db, clock, config, mail: createMailer({ db: database.db, clock, logger: pino({ level: 'silent' }), config: config.mail }) });

	it('creates an account from the claims on first sign-in, keyed by issuer and subject', async () => {
		const user = await upsertFromClaims(deps(), {
			issuer: ISS,
			claims: { sub: 'sub-1', given_name: 'Zofia', family_name: 'Żółć', email: 'Zofia@Example.gov.pl', picture: 'https://img.example/z.png' }
		});
		expect(user).toMatchObject({ issuer: ISS, subject: 'sub-1', givenName: 'Zofia', familyName: 'Żółć', email: 'zofia@example.gov.pl' });
		expect(user.roles).toEqual(['participant']);
		expect(user.managedFields.sort()).toEqual(['email', 'family_name', 'given_name']);
	});

	it('never links accounts by email: another subject with the same email is another account', async () => {
		const a = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'sub-2', email: 'shared@example.gov.pl' } });
		const b = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'sub-3', email: 'shared@example.gov.pl' } });
		const c = await upsertFromClaims(deps(), { issuer: 'https://other-issuer.example', claims: { sub: 'sub-2', email: 'shared@example.gov.pl' } });
		expect(new Set([a.id, b.id, c.id]).size).toBe(3);
	});

	it('keeps the same account when the email or name changes at the provider, refreshing managed fields', async () => {
		const first = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'sub-4', given_name: 'Ola', email: 'ola@old.example' } });
		const again = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'sub-4', given_name: 'Aleksandra', email: 'ola@new.example' } });
		expect(again.id).toBe(first.id);
		expect(again.givenName).toBe('Aleksandra');
		expect(again.email).toBe('ola@new.example');
	});

	it('sets a field with the "create" rule only when the account is created', async () => {
		const env = { OIDC_FIELD_GIVEN_NAME: 'given_name:create' };
		await upsertFromClaims(deps(env), { issuer: ISS, claims: { sub: 'sub-5', given_name: 'First' } });
		const again = await upsertFromClaims(deps(env), { issuer: ISS, claims: { sub: 'sub-5', given_name: 'Changed' } });
		expect(again.givenName).toBe('First');
		expect(again.managedFields).not.toContain('given_name');
	});

	it('reads profile fields from configured claims', async () => {
		const user = await upsertFromClaims(deps({ OIDC_FIELD_GIVEN_NAME: 'firstName', OIDC_FIELD_EMAIL: 'mail:login' }), {
			issuer: ISS,
			claims: { sub: 'sub-6', firstName: 'Marek', mail: 'marek@example.gov.pl', given_name: 'ignored' }
		});
		expect(user.givenName).toBe('Marek');
		expect(user.email).toBe('marek@example.gov.pl');
	});

	it('stores hostile claim values as inert text and drops invalid emails, pictures and control characters', async () => {
		const user = await upsertFromClaims(deps(), {
			issuer: ISS,
			claims: { sub: 'sub-7', given_name: '<img src=x onerror=alert(1)>\u0000', family_name: 'x'.repeat(500), email: 'not-an-email', picture: 'javascript:alert(1)' }
		});
		expect(user.givenName).toBe('<img src=x onerror=alert(1)>');
		expect(user.familyName).toHaveLength(200);
		expect(user.email).toBeNull();
		expect(user.pictureUrl).toBeNull();
	});

	it('refuses a sign-in without a subject', async () => {
		await expect(upsertFromClaims(deps(), { issuer: ISS, claims: { email: 'a@b.c' } })).rejects.toMatchObject({ code: 'users.missing_subject' });
	});

	it('takes roles from the roles claim, replaces them at each login and keeps roles granted in the app', async () => {
		const user = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'sub-8', roles: ['trainer', 'unknown'] } });
		expect(user.roles.sort()).toEqual(['participant', 'trainer']);
		await grantRole({ db: database.db, clock }, { userId: user.id, role: 'admin', by: null });
		const again = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'sub-8', roles: [] } });
		expect(again.roles.sort()).toEqual(['admin', 'participant']);
	});

	it('maps provider role names through configuration', () => {
		const rules = baseRules({ OIDC_ROLES_CLAIM: 'realm_access.roles', OIDC_ROLE_TRAINER: 'lms-trainer' });
		expect(rolesFromClaims({ realm_access: { roles: ['lms-trainer', 'trainer'] } }, rules)).toEqual(['trainer']);
		expect(rolesFromClaims({ groups: 'admin' }, { ...rules, rolesClaim: 'groups' })).toEqual(['admin']);
	});

	it('blocking an account ends all its sessions at once and refuses its next sign-in', async () => {
		const user = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'sub-9' } });
		const expiresAt = new Date(clock.now().getTime() + 3_600_000);
		await database.db.insert(sessions).values([
			{ idHash: 'h1', userId: user.id, expiresAt, idpIssuer: ISS },
			{ idHash: 'h2', userId: user.id, expiresAt, idpIssuer: ISS }
		]);
		await blockUser(admin(), { userId: user.id, reason: 'Udostępnianie konta' });
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
		await expect(upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'sub-9' } })).rejects.toMatchObject({
			code: 'users.account_blocked',
			details: { reason: 'Udostępnianie konta' }
		});
		await unblockUser(admin(), { userId: user.id, note: 'Wyjaśniono' });
		expect((await getUserWithRoles(database.db, user.id))?.status).toBe('active');
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, user.id)).orderBy(auditLog.at, auditLog.action);
		expect(audit.map((a) => [a.action, a.reason])).toEqual([
			['users.blocked', 'Udostępnianie konta'],
			['users.unblocked', 'Wyjaśniono']
		]);
	});

	it('an administrator cannot block their own account', async () => {
		const self = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'sub-10', roles: ['admin'] } });
		await expect(blockUser(admin(), { userId: self.id, reason: 'test', by: self.id })).rejects.toMatchObject({
			code: 'users.cannot_block_self'
		});
		expect((await getUserWithRoles(database.db, self.id))?.status).toBe('active');
	});

	it('blocking an unknown account fails with users.not_found and changes nothing', async () => {
		const before = await database.db.select().from(users);
		const mails = await database.db.select().from(mailOutbox);
		await expect(blockUser(admin(), { userId: '00000000-0000-4000-8000-000000000000', reason: 'x' })).rejects.toMatchObject({
			code: 'users.not_found'
		});
		expect(await database.db.select().from(users)).toEqual(before);
		expect(await database.db.select().from(mailOutbox)).toEqual(mails);
	});

	it('a block emails the person the reason and how to reach the administrator, in their language, with the block itself', async () => {
		const pl = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'mail-pl', email: 'jan.mail@example.gov.pl' } });
		const en = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'mail-en', email: 'john.mail@example.gov.pl' } });
		await database.db.update(users).set({ locale: 'en' }).where(eq(users.id, en.id));
		await blockUser(admin(), { userId: pl.id, reason: 'Podawanie fałszywych danych <b>', by: undefined });
		await blockUser(admin(), { userId: en.id, reason: 'Sharing the account' });
		const [toPl] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'jan.mail@example.gov.pl'));
		expect(toPl.subject).toBe('Twoje konto na platformie szkoleniowej zostało zablokowane');
		expect(toPl.text).toContain('Powód blokady: Podawanie fałszywych danych <b>');
		expect(toPl.text).toContain('pomoc@example.gov.pl');
		expect(toPl.text).toContain('https://szkolenia.example.gov.pl/contact');
		expect(toPl.html).toContain('Podawanie fałszywych danych &lt;b&gt;');
		expect(toPl.html).toContain('href="https://szkolenia.example.gov.pl/contact"');
		const [toEn] = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'john.mail@example.gov.pl'));
		expect(toEn.subject).toBe('Your account on the training platform has been blocked');
		expect(toEn.text).toContain('Reason for blocking: Sharing the account');

		await unblockUser(admin(), { userId: en.id, note: 'Clarified by phone' });
		const again = await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'john.mail@example.gov.pl'));
		expect(again.map((m) => m.subject)).toContain('Your account on the training platform is active again');
	});

	it('a failed block writes nothing: no status, no audit entry, no email (one transaction)', async () => {
		const user = await upsertFromClaims(deps(), { issuer: ISS, claims: { sub: 'mail-tx', email: 'tx@example.gov.pl' } });
		await blockUser(admin(), { userId: user.id, reason: 'Pierwsza blokada' });
		const audit = await database.db.select().from(auditLog);
		const mails = await database.db.select().from(mailOutbox);
		await expect(blockUser(admin(), { userId: user.id, reason: 'Druga blokada' })).rejects.toMatchObject({ code: 'users.already_blocked' });
		expect((await getUserWithRoles(database.db, user.id))?.blockedReason).toBe('Pierwsza blokada');
		expect(await database.db.select().from(auditLog)).toHaveLength(audit.length);
		expect(await database.db.select().from(mailOutbox)).toHaveLength(mails.length);
		await unblockUser(admin(), { userId: user.id, note: 'Wyjaśniono' });
		await expect(unblockUser(admin(), { userId: user.id, note: 'Jeszcze raz' })).rejects.toMatchObject({ code: 'users.not_blocked' });
	});
});
