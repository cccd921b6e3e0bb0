import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { createTestServices } from '../../../../tests/support/services';
import { fixedClock } from '../platform/clock';
import { hashToken } from '../platform/ids';
import type { Database } from '../db/client';
import type { Services } from '../services';
import { users } from '../users/users.tables';
import { auditLog } from '../admin/admin.tables';
import { mailOutbox } from '../mail/mail.tables';
import { sessions } from '../auth/auth.tables';
import { privacyRequests } from './privacy.tables';
import { buildExportZip } from './privacy.service';
import {
	addOneMonth,
	completeRequest,
	confirmExport,
	confirmLink,
	deleteAccountByAdmin,
	getCase,
	listCases,
	previewLink,
	rejectRequest,
	requestDeps,
	requestForAccount,
	requestFromContactForm,
	retryDeletion,
	type RequestDeps
} from './privacy.requests.service';
import { expireStaleRequests } from './privacy.requests.jobs';
import { createRateLimiter } from './privacy.rate-limit';

const ORIGIN = 'https://szkolenia.example.gov.pl';
const HOUR = 3_600_000;

describe('a deadline one calendar month from the request', () => {
	it('keeps the day of the month, or takes the last day of a shorter month', () => {
		const cases: [string, string][] = [
			['2026-01-31T09:30:00Z', '2026-02-28T09:30:00Z'],
			['2028-01-31T09:30:00Z', '2028-02-29T09:30:00Z'],
			['2026-03-31T23:59:00Z', '2026-04-30T23:59:00Z'],
			['2026-03-15T12:00:00Z', '2026-04-15T12:00:00Z'],
			['2026-12-31T08:00:00Z', '2027-01-31T08:00:00Z'],
			['2026-02-28T08:00:00Z', '2026-03-28T08:00:00Z']
		];
		for (const [from, to] of cases) expect(addOneMonth(new Date(from)).toISOString(), from).toBe(new Date(to).toISOString());
	});
});

describe('a sliding window per client address', () => {
	it('allows the limit within an hour, refuses the next with the wait, and frees up as hits age', () => {
		const clock = fixedClock(new Date('2026-05-04T10:00:00Z'));
		const limiter = createRateLimiter({ limit: 3, windowMs: HOUR, clock });
		for (let i = 0; i < 3; i++) {
			expect(limiter.hit('192.0.2.1').allowed).toBe(true);
			clock.advance(10 * 60_000);
		}
		const refused = limiter.hit('192.0.2.1');
		expect(refused).toEqual({ allowed: false, retryAfterMs: 30 * 60_000 });
		expect(limiter.hit('192.0.2.2').allowed).toBe(true);
		clock.advance(30 * 60_000);
		expect(limiter.hit('192.0.2.1').allowed).toBe(true);
		expect(limiter.hit('192.0.2.1').allowed).toBe(false);
	});
});

describe.each(testDrivers())('privacy requests on %s', (driver) => {
	let database: Database;
	let services: Services;
	let deps: RequestDeps;
	let dataDir: string;
	const clock = fixedClock(new Date('2026-01-31T09:00:00Z'));
	let n = 0;

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'requests-'));
		services = createTestServices({ database, clock, env: { ORIGIN, DATA_DIR: dataDir, PRIVACY_RATE_LIMIT_PER_HOUR: '3', MAIL_FROM: 'Platforma <noreply@example.gov.pl>' } });
		deps = requestDeps(services);
	});
	afterAll(async () => {
		await database?.close();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});
	beforeEach(() => clock.set(new Date('2026-01-31T09:00:00Z')));

	async function person(input: { email?: string | null; locale?: 'pl' | 'en' | null; givenName?: string } = {}) {
		n += 1;
		const [user] = await database.db
			.insert(users)
			.values({
				issuer: 'https://sso.example.gov.pl',
				subject: `requests-${n}`,
				givenName: input.givenName ?? 'Halina',
				familyName: `Wnioskowa${n}`,
				email: input.email === undefined ? `halina${n}@example.gov.pl` : input.email,
				locale: input.locale ?? null
			})
			.returning();
		return user;
	}
	const mailTo = (to: string) => database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to));
	const linkIn = (text: string) => {
		const match = /https:\/\/szkolenia\.example\.gov\.pl\/privacy-requests\/confirm\/([A-Za-z0-9_-]+)/.exec(text);
		if (!match) throw new Error(`no link in ${text}`);
		return match[1];
	};
	const requestsOf = (userId: string) => database.db.select().from(privacyRequests).where(eq(privacyRequests.userId, userId));
	const codeOf = (work: Promise<unknown>) => work.then(() => 'resolved', (e: { code?: string }) => e.code ?? String(e));

	it('a deletion asked for from the profile waits for the link emailed to the account’s own address; only the token’s hash is stored', async () => {
		const user = await person({ email: 'Halina.Profil@Example.gov.pl' });
		const result = await requestForAccount(deps, { userId: user.id, kind: 'deletion', source: 'profile', locale: 'pl' });
		expect(result.status).toBe('awaiting_confirmation');
		const [row] = await requestsOf(user.id);
		expect(row).toMatchObject({ kind: 'deletion', source: 'profile', status: 'awaiting_confirmation', email: 'halina.profil@example.gov.pl', locale: 'pl' });
		expect(row.dueAt.toISOString()).toBe('2026-02-28T09:00:00.000Z');
		expect(row.tokenExpiresAt!.getTime() - row.requestedAt.getTime()).toBe(24 * HOUR);
		const [mail] = await mailTo('Halina.Profil@Example.gov.pl');
		expect(mail.subject).toBe('Potwierdź usunięcie konta');
		const token = linkIn(mail.text);
		expect(mail.html).toContain(`/privacy-requests/confirm/${token}`);
		expect(mail.text).toContain('24 godz.');
		expect(row.tokenHash).toBe(hashToken(token));
		expect(JSON.stringify(row)).not.toContain(token);
	});

	it('the link previews without changing anything, deletes the account once on confirmation, and refuses a second use', async () => {
		const user = await person();
		await requestForAccount(deps, { userId: user.id, kind: 'deletion', source: 'profile', locale: 'pl' });
		const token = linkIn((await mailTo(user.email!))[0].text);
		for (let i = 0; i < 2; i++) {
			expect(await previewLink(deps, token)).toMatchObject({ state: 'valid', kind: 'deletion', accountName: `Halina ${user.familyName}` });
		}
		expect((await requestsOf(user.id))[0].status).toBe('awaiting_confirmation');

		expect(await confirmLink(deps, token)).toEqual({ outcome: 'deleted', userId: user.id });
		expect(await database.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(0);
		const [closed] = await database.db.select().from(privacyRequests).where(eq(privacyRequests.tokenHash, hashToken(token)));
		expect(closed).toBeUndefined();
		const [audit] = await database.db.select().from(auditLog).where(sql`${auditLog.action} = 'users.deleted' and ${auditLog.details}->>'requestId' is not null`).orderBy(sql`${auditLog.at} desc`);
		const [request] = await database.db.select().from(privacyRequests).where(eq(privacyRequests.id, String(audit.details!.requestId)));
		expect(request).toMatchObject({ status: 'completed', email: null, tokenHash: null, userId: null });
		expect(JSON.stringify(audit)).not.toContain(user.familyName!);
		expect(JSON.stringify(audit)).not.toContain(user.email!);

		expect(await codeOf(confirmLink(deps, token))).toBe('requests.link_used');
		expect(await previewLink(deps, token)).toEqual({ state: 'used' });
	});

	it('of two confirmations at once only one deletes; the other is told the link was used', async () => {
		const user = await person();
		await requestForAccount(deps, { userId: user.id, kind: 'deletion', source: 'profile', locale: 'pl' });
		const token = linkIn((await mailTo(user.email!))[0].text);
		const outcomes = await Promise.all([codeOf(confirmLink(deps, token)), codeOf(confirmLink(deps, token))]);
		expect(outcomes.sort()).toEqual(['requests.link_used', 'resolved']);
	});

	it('an expired link changes nothing but the request, which expires; the sweep expires the others', async () => {
		const user = await person();
		const other = await person();
		await requestForAccount(deps, { userId: user.id, kind: 'deletion', source: 'profile', locale: 'pl' });
		await requestForAccount(deps, { userId: other.id, kind: 'export', source: 'profile', locale: 'pl' });
		const token = linkIn((await mailTo(user.email!))[0].text);
		clock.advance(24 * HOUR);
		expect(await previewLink(deps, token)).toEqual({ state: 'expired', kind: 'deletion' });
		expect(await codeOf(confirmLink(deps, token))).toBe('requests.link_expired');
		expect(await database.db.select({ id: users.id }).from(users).where(eq(users.id, user.id))).toHaveLength(1);
		expect((await requestsOf(user.id))[0]).toMatchObject({ status: 'expired', email: null, tokenHash: null });

		expect(await expireStaleRequests({ db: database.db, clock })).toBeGreaterThanOrEqual(1);
		expect((await requestsOf(other.id))[0]).toMatchObject({ status: 'expired', email: null, message: null, tokenHash: null, tokenExpiresAt: null });
		expect(await expireStaleRequests({ db: database.db, clock })).toBe(0);
	});

	it('the contact form does the same for an unknown address as for a known one, but mails only the account', async () => {
		const user = await person({ email: 'znana@example.gov.pl' });
		const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox);
		const known = await requestFromContactForm(deps, { kind: 'deletion', email: 'ZNANA@example.gov.pl', message: null, locale: 'pl' });
		const unknown = await requestFromContactForm(deps, { kind: 'deletion', email: 'nieznana@example.gov.pl', message: null, locale: 'pl' });
		expect(known).toEqual(unknown);
		const after = await database.db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox);
		expect(after[0].n - before[0].n).toBe(1);
		expect(await mailTo('znana@example.gov.pl')).toHaveLength(1);
		expect(await mailTo('nieznana@example.gov.pl')).toHaveLength(0);
		const rows = await database.db.select().from(privacyRequests).where(sql`${privacyRequests.email} in ('znana@example.gov.pl', 'nieznana@example.gov.pl')`);
		expect(rows.map((r) => [r.email, r.userId, r.status, r.source])).toEqual(
			expect.arrayContaining([
				['znana@example.gov.pl', user.id, 'awaiting_confirmation', 'contact_form'],
				['nieznana@example.gov.pl', null, 'awaiting_confirmation', 'contact_form']
			])
		);
	});

	it('sends the link to every account with the address, each in its own language', async () => {
		const a = await person({ email: 'wspolny@example.gov.pl', locale: 'en' });
		const b = await person({ email: 'Wspolny@example.gov.pl' });
		await requestFromContactForm(deps, { kind: 'export', email: 'wspolny@example.gov.pl', message: null, locale: 'pl' });
		const mails = await database.db.select().from(mailOutbox).where(sql`lower(${mailOutbox.to}) = 'wspolny@example.gov.pl'`);
		expect(mails.map((m) => m.subject).sort()).toEqual(['Confirm the download of your data', 'Potwierdź pobranie swoich danych']);
		expect((await requestsOf(a.id))[0].locale).toBe('en');
		expect((await requestsOf(b.id))[0].locale).toBe('pl');
	});

	it('over the per-address daily limit the contact form writes and sends nothing, and the profile is told when to retry', async () => {
		const user = await person({ email: 'limit@example.gov.pl' });
		for (let i = 0; i < 3; i++) {
			await requestFromContactForm(deps, { kind: 'deletion', email: 'limit@example.gov.pl', message: null, locale: 'pl' });
			clock.advance(HOUR);
		}
		expect(await mailTo('limit@example.gov.pl')).toHaveLength(3);
		await requestFromContactForm(deps, { kind: 'deletion', email: 'limit@example.gov.pl', message: null, locale: 'pl' });
		expect(await mailTo('limit@example.gov.pl')).toHaveLength(3);
		expect(await requestsOf(user.id)).toHaveLength(3);
		const refused = await requestForAccount(deps, { userId: user.id, kind: 'deletion', source: 'profile', locale: 'pl' }).catch((e) => e);
		expect(refused).toMatchObject({ code: 'requests.rate_limited', status: 429, details: { retryAfterMinutes: 21 * 60 } });
		clock.advance(21 * HOUR);
		await requestForAccount(deps, { userId: user.id, kind: 'deletion', source: 'profile', locale: 'pl' });
		expect(await mailTo('limit@example.gov.pl')).toHaveLength(4);
	});

	it('an account without an email address cannot ask for a link', async () => {
		const user = await person({ email: null });
		expect(await codeOf(requestForAccount(deps, { userId: user.id, kind: 'deletion', source: 'profile', locale: 'pl' }))).toBe('requests.no_email');
		expect(await requestsOf(user.id)).toHaveLength(0);
	});

	it('an anonymous inquiry is confirmed through its link, then waits for the administrator; a signed-in one waits at once', async () => {
		await requestFromContactForm(deps, { kind: 'inquiry', email: 'pytajacy@example.org', message: 'Jakie dane o mnie przetwarzacie?', locale: 'en' });
		const [mail] = await mailTo('pytajacy@example.org');
		expect(mail.subject).toBe('Confirm your personal data question');
		const token = linkIn(mail.text);
		expect(await confirmLink(deps, token)).toEqual({ outcome: 'inquiry_confirmed' });
		const [row] = await database.db.select().from(privacyRequests).where(eq(privacyRequests.email, 'pytajacy@example.org'));
		expect(row).toMatchObject({ status: 'pending', message: 'Jakie dane o mnie przetwarzacie?', tokenHash: null });
		expect(row.confirmedAt).not.toBeNull();

		const user = await person();
		const signedIn = await requestForAccount(deps, { userId: user.id, kind: 'inquiry', source: 'contact_form', message: 'Czy moje dane są w rankingu?', locale: 'pl' });
		expect(signedIn.status).toBe('pending');
		expect(await mailTo(user.email!)).toHaveLength(0);
	});

	it('an export link answers with the archive once; a failed build leaves the link usable', async () => {
		const user = await person({ givenName: 'Eksportowa' });
		await requestForAccount(deps, { userId: user.id, kind: 'export', source: 'profile', locale: 'pl' });
		const token = linkIn((await mailTo(user.email!))[0].text);
		expect(await codeOf(confirmExport(deps, token, () => Promise.reject(new Error('disk full'))))).toBe('Error: disk full');
		expect((await requestsOf(user.id))[0].status).toBe('awaiting_confirmation');
		const { archive } = await confirmExport(deps, token, (id) => buildExportZip(deps, id));
		const data = JSON.parse(strFromU8(unzipSync(archive)['data.json']));
		expect(JSON.stringify(data)).toContain('Eksportowa');
		expect((await requestsOf(user.id))[0]).toMatchObject({ status: 'completed', email: null });
		expect(await codeOf(confirmExport(deps, token, (id) => buildExportZip(deps, id)))).toBe('requests.link_used');
		expect(await codeOf(confirmLink(deps, token))).toBe('requests.link_used');
	});

	it('a link whose account was deleted meanwhile no longer applies', async () => {
		const user = await person();
		const admin = await person();
		await requestForAccount(deps, { userId: user.id, kind: 'deletion', source: 'profile', locale: 'pl' });
		const token = linkIn((await mailTo(user.email!))[0].text);
		await deleteAccountByAdmin(deps, { userId: user.id, adminId: admin.id, reason: 'Fałszywe dane' });
		expect(await previewLink(deps, token)).toEqual({ state: 'account_gone', kind: 'deletion' });
		expect(await codeOf(confirmLink(deps, token))).toBe('requests.account_gone');
		expect(await previewLink(deps, token)).toEqual({ state: 'used' });
	});

	it('the administrator completes and rejects requests with an audit entry free of personal data and an email in the requester’s language', async () => {
		const admin = await person();
		const user = await person({ locale: 'en' });
		const inquiry = await requestForAccount(deps, { userId: user.id, kind: 'inquiry', source: 'contact_form', message: 'Proszę o informację.', locale: 'pl' });
		const closed = await completeRequest(deps, { id: inquiry.id, adminId: admin.id, note: 'Przetwarzamy tylko dane konta.' });
		expect(closed).toMatchObject({ status: 'completed', handledBy: admin.id, resolution: 'Przetwarzamy tylko dane konta.', email: null, message: null });
		const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, inquiry.id));
		expect(entry).toMatchObject({ action: 'privacy.request_completed', actorId: admin.id, targetType: 'privacy_request', details: { kind: 'inquiry', source: 'contact_form' } });
		expect(JSON.stringify(entry)).not.toContain(user.email!);
		const [mail] = await mailTo(user.email!);
		expect(mail.subject).toBe('Your request has been completed');
		expect(mail.text).toContain('Przetwarzamy tylko dane konta.');
		expect(await codeOf(completeRequest(deps, { id: inquiry.id, adminId: admin.id, note: null }))).toBe('requests.not_open');

		await requestForAccount(deps, { userId: user.id, kind: 'export', source: 'profile', locale: 'en' });
		const awaiting = (await requestsOf(user.id)).find((r) => r.status === 'awaiting_confirmation')!;
		expect(await codeOf(completeRequest(deps, { id: awaiting.id, adminId: admin.id, note: null }))).toBe('requests.not_open');
		await rejectRequest(deps, { id: awaiting.id, adminId: admin.id, reason: 'Duplikat wniosku' });
		const [rejected] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, awaiting.id));
		expect(rejected).toMatchObject({ action: 'privacy.request_rejected', reason: null });
		expect((await mailTo(user.email!)).map((m) => m.subject)).toContain('Your request has been rejected');
		const view = await getCase(database.db, awaiting.id);
		expect(view.request.email).toBeNull();
		expect(view.history.map((h) => h.action)).toEqual(['privacy.request_rejected']);
	});

	it('lists open requests by deadline by default and filters by status and kind', async () => {
		const page = await listCases(database.db, { status: 'open', kind: 'all', page: 1 }, 500);
		expect(page.rows.every((r) => ['pending', 'awaiting_confirmation', 'processing'].includes(r.status))).toBe(true);
		const due = page.rows.map((r) => r.dueAt.getTime());
		expect(due).toEqual([...due].sort((a, b) => a - b));
		const completed = await listCases(database.db, { status: 'completed', kind: 'inquiry', page: 1 }, 500);
		expect(completed.rows.length).toBeGreaterThan(0);
		expect(completed.rows.every((r) => r.status === 'completed' && r.kind === 'inquiry')).toBe(true);
		const paged = await listCases(database.db, { status: 'all', kind: 'all', page: 1 }, 2);
		expect(paged).toMatchObject({ hasNext: true });
		expect(paged.rows).toHaveLength(2);
	});

	it('an administrator deletes an account with a reason: one transaction, audit entry, the person is told, sessions end', async () => {
		const admin = await person();
		const user = await person({ email: 'usuwana@example.gov.pl', locale: 'en' });
		await database.db.insert(sessions).values({ idHash: `h-${user.id}`, userId: user.id, expiresAt: new Date(clock.now().getTime() + HOUR), idpIssuer: 'x' });
		await requestForAccount(deps, { userId: user.id, kind: 'export', source: 'profile', locale: 'en' });
		expect(await codeOf(deleteAccountByAdmin(deps, { userId: admin.id, adminId: admin.id, reason: 'Test' }))).toBe('requests.cannot_delete_self');

		const { requestId } = await deleteAccountByAdmin(deps, { userId: user.id, adminId: admin.id, reason: 'Podszywanie się pod inne osoby' });
		expect(await database.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(0);
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
		const [request] = await database.db.select().from(privacyRequests).where(eq(privacyRequests.id, requestId));
		expect(request).toMatchObject({ kind: 'deletion', source: 'admin', status: 'completed', handledBy: admin.id, userId: null });
		const [entry] = await database.db.select().from(auditLog).where(sql`${auditLog.details}->>'requestId' = ${requestId}`);
		expect(entry).toMatchObject({ action: 'users.deleted', actorId: admin.id, reason: 'Podszywanie się pod inne osoby' });
		const mails = await mailTo('usuwana@example.gov.pl');
		expect(mails.map((m) => m.subject)).toEqual(['Your account has been deleted']);
		expect(mails[0].text).toContain('Podszywanie się pod inne osoby');
		const leftovers = await database.db.select().from(privacyRequests).where(eq(privacyRequests.email, 'usuwana@example.gov.pl'));
		expect(leftovers).toHaveLength(0);
		expect(await codeOf(deleteAccountByAdmin(deps, { userId: user.id, adminId: admin.id, reason: 'Again' }))).toBe('users.not_found');
	});

	it('the administrator retries a confirmed deletion that did not finish', async () => {
		const admin = await person();
		const user = await person();
		const now = clock.now();
		const [stuck] = await database.db
			.insert(privacyRequests)
			.values({ kind: 'deletion', status: 'processing', source: 'profile', userId: user.id, requestedAt: now, dueAt: addOneMonth(now), confirmedAt: now })
			.returning();
		await retryDeletion(deps, { id: stuck.id, adminId: admin.id });
		expect(await database.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(0);
		const [after] = await database.db.select().from(privacyRequests).where(eq(privacyRequests.id, stuck.id));
		expect(after).toMatchObject({ status: 'completed', handledBy: admin.id });
		expect(await codeOf(retryDeletion(deps, { id: stuck.id, adminId: admin.id }))).toBe('requests.not_open');
	});
});
