import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { setRuntimeServices } from '../../src/lib/server/runtime';
import type { Services } from '../../src/lib/server/services';
import { acceptDocuments, ensureDefaultDocuments } from '../../src/lib/server/legal/index';
import { auditLog } from '../../src/lib/server/admin/admin.tables';
import { mailOutbox } from '../../src/lib/server/mail/mail.tables';
import { users } from '../../src/lib/server/users/users.tables';
import { privacyRequests } from '../../src/lib/server/privacy/privacy.tables';
import { addOneMonth } from '../../src/lib/server/privacy/privacy.requests.service';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';
import { freePort } from '../support/net';
import { postAction, signedInUser } from '../support/sessions';

/**
 * Privacy requests through the whole stack: every admin action (complete, reject, retry,
 * delete an account) is refused to a participant, a trainer and a cross-site page with
 * 403, changing nothing; the contact form answers the same whether or not an address has
 * an account; the per-address limit answers 429.
 */
describe('privacy requests over HTTP', () => {
	let app: FastifyInstance;
	let base: string;
	let services: Services;
	let closeDb: () => Promise<void>;
	const cookies: Record<'admin' | 'participant' | 'trainer', string> = { admin: '', participant: '', trainer: '' };
	let adminId: string;

	async function openRequest(status: 'pending' | 'processing', userId: string | null, kind: 'inquiry' | 'deletion' = 'inquiry') {
		const now = services.clock.now();
		const [row] = await services.db
			.insert(privacyRequests)
			.values({ kind, status, source: 'contact_form', userId, email: 'pytanie@example.gov.pl', message: 'Jakie dane przetwarzacie?', requestedAt: now, dueAt: addOneMonth(now), confirmedAt: now })
			.returning();
		return row;
	}
	/** Everything an admin action could change. */
	const snapshot = async () => ({
		requests: (await services.db.select().from(privacyRequests)).map((r) => `${r.id}:${r.status}:${r.email}:${r.resolution}:${r.userId}`).sort(),
		users: (await services.db.select({ id: users.id }).from(users)).length,
		audit: (await services.db.select().from(auditLog)).length,
		mail: (await services.db.select().from(mailOutbox)).length
	});

	beforeAll(async () => {
		const port = await freePort();
		base = `http://localhost:${port}`;
		const database = await createTestDatabase('pglite');
		closeDb = () => database.close();
		services = createTestServices({ database, env: { PORT: String(port), ORIGIN: base, PRIVACY_RATE_LIMIT_PER_HOUR: '3' } });
		setRuntimeServices(services);
		await ensureDefaultDocuments(services.db, services.clock);
		for (const role of ['admin', 'participant', 'trainer'] as const) {
			const { user, cookie } = await signedInUser(services, { roles: role === 'participant' ? [] : [role] });
			await acceptDocuments({ db: services.db, clock: services.clock }, { userId: user.id, accepted: { terms: 1, privacy: 1 } });
			cookies[role] = cookie;
			if (role === 'admin') adminId = user.id;
		}
		app = await buildApp({ services, pages: 'build' });
		await app.listen({ port, host: '127.0.0.1' });
	}, 120_000);

	afterAll(async () => {
		await app?.close();
		await closeDb?.();
		setRuntimeServices(undefined);
	});

	beforeEach(() => services.privacyLimiter.reset());

	it('shows the case list and a case to an admin only', async () => {
		const row = await openRequest('pending', null);
		for (const path of ['/admin/requests', '/admin/requests?status=all&kind=inquiry&page=2', `/admin/requests/${row.id}`]) {
			const admin = await fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie: cookies.admin } });
			expect(admin.status, path).toBe(200);
			for (const who of ['participant', 'trainer'] as const) {
				const res = await fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie: cookies[who] } });
				expect(res.status, `${who} ${path}`).toBe(403);
			}
		}
		const page = await (await fetch(`${base}/admin/requests/${row.id}`, { headers: { cookie: cookies.admin } })).text();
		expect(page).toContain('pytanie@example.gov.pl');
		expect((await fetch(`${base}/admin/requests/00000000-0000-4000-8000-000000000000`, { headers: { cookie: cookies.admin } })).status).toBe(404);
		expect((await fetch(`${base}/admin/requests/nie-uuid`, { headers: { cookie: cookies.admin } })).status).toBe(404);
	});

	const caseActions: Record<string, Record<string, string>> = {
		complete: { note: 'Odpowiedzieliśmy e-mailem.' },
		reject: { reason: 'Wniosek niezrozumiały', confirm: 'yes' },
		retry: { confirm: 'yes' }
	};
	for (const [action, fields] of Object.entries(caseActions)) {
		it(`refuses "${action}" to a participant, a trainer and a cross-site post (403), changing nothing`, async () => {
			const target = await signedInUser(services);
			const row = await openRequest('processing', target.user.id, action === 'retry' ? 'deletion' : 'inquiry');
			const before = await snapshot();
			for (const who of ['participant', 'trainer'] as const) {
				const res = await postAction(base, `/admin/requests/${row.id}?/${action}`, fields, { cookie: cookies[who] });
				expect(res.status, who).toBe(403);
			}
			const crossSite = await postAction(base, `/admin/requests/${row.id}?/${action}`, fields, { cookie: cookies.admin, origin: 'https://evil.example' });
			expect(crossSite.status).toBe(403);
			expect(await snapshot()).toEqual(before);

			const done = await postAction(base, `/admin/requests/${row.id}?/${action}`, fields, { cookie: cookies.admin });
			expect(done.status).toBe(200);
			const [after] = await services.db.select().from(privacyRequests).where(eq(privacyRequests.id, row.id));
			expect(after.status).toBe(action === 'reject' ? 'rejected' : 'completed');
			expect(after.email).toBeNull();
			const again = await postAction(base, `/admin/requests/${row.id}?/${action}`, fields, { cookie: cookies.admin });
			expect(again.status).toBe(409);
			expect(await again.text()).toContain('data-testid="admin-error"');
		});
	}

	it('explains a missing rejection reason or confirmation next to the field, changing nothing', async () => {
		const row = await openRequest('pending', null);
		const before = await snapshot();
		const res = await postAction(base, `/admin/requests/${row.id}?/reject`, { reason: 'x' }, { cookie: cookies.admin });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('id="reason-error"');
		expect(html).toContain('id="reject-confirm-error"');
		expect(await snapshot()).toEqual(before);
	});

	it('refuses deleting an account to a participant, a trainer and a cross-site post (403), changing nothing; an admin deletes it', async () => {
		const target = await signedInUser(services, { givenName: 'Teodora', familyName: 'Kasowana' });
		const fields = { reason: 'Podszywanie się pod inne osoby', confirm: 'yes', typed: 'USUŃ' };
		const path = `/admin/users/${target.user.id}/delete`;
		expect((await fetch(`${base}${path}`, { headers: { cookie: cookies.admin } })).status).toBe(200);
		expect((await fetch(`${base}${path}`, { redirect: 'manual', headers: { cookie: cookies.participant } })).status).toBe(403);
		const before = await snapshot();
		for (const who of ['participant', 'trainer'] as const) {
			expect((await postAction(base, path, fields, { cookie: cookies[who] })).status, who).toBe(403);
		}
		expect((await postAction(base, path, fields, { cookie: cookies.admin, origin: 'https://evil.example' })).status).toBe(403);
		expect(await snapshot()).toEqual(before);

		const wrong = await postAction(base, path, { reason: 'x', typed: 'tak' }, { cookie: cookies.admin });
		expect(wrong.status).toBe(400);
		const html = await wrong.text();
		for (const id of ['reason-error', 'confirm-error', 'typed-error']) expect(html).toContain(`id="${id}"`);
		expect(await snapshot()).toEqual(before);

		const done = await postAction(base, path, { ...fields, typed: target.user.email! }, { cookie: cookies.admin });
		expect(done.status).toBe(303);
		expect(done.headers.get('location')).toMatch(/^\/admin\/requests\/[0-9a-f-]{36}\?done=deleted$/);
		expect(await services.db.select().from(users).where(eq(users.id, target.user.id))).toHaveLength(0);
		const requestId = /requests\/([0-9a-f-]{36})/.exec(done.headers.get('location')!)![1];
		const [entry] = await services.db.select().from(auditLog).where(sql`${auditLog.details}->>'requestId' = ${requestId}`);
		expect(entry).toMatchObject({ action: 'users.deleted', actorId: adminId, reason: 'Podszywanie się pod inne osoby' });
		const casePage = await fetch(`${base}${done.headers.get('location')}`, { headers: { cookie: cookies.admin } });
		expect(casePage.status).toBe(200);
		expect(await casePage.text()).not.toContain('Kasowana');
		expect((await fetch(`${base}${path}`, { headers: { cookie: cookies.admin } })).status).toBe(404);
	});

	it('does not let an admin delete their own account there', async () => {
		const res = await postAction(base, `/admin/users/${adminId}/delete`, { reason: 'Koniec pracy', confirm: 'yes', typed: 'USUŃ' }, { cookie: cookies.admin });
		expect(res.status).toBe(409);
		expect(await services.db.select().from(users).where(eq(users.id, adminId))).toHaveLength(1);
	});

	/** The page without what differs per response anyway (CSP nonces). */
	const comparable = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

	it('answers a privacy request for an address with an account exactly as for one without', async () => {
		const known = await signedInUser(services, { email: 'istnieje@example.gov.pl' });
		const ask = (email: string) => postAction(base, '/contact', { topic: 'deletion', email, message: '', acknowledge: 'yes' });
		const a = await ask('istnieje@example.gov.pl');
		const b = await ask('nie-istnieje@example.gov.pl');
		expect(a.status).toBe(200);
		expect(b.status).toBe(a.status);
		const [htmlA, htmlB] = [comparable(await a.text()), comparable(await b.text())];
		expect(htmlA).toContain('Jeśli konto z tym adresem istnieje, wysłaliśmy na nie link potwierdzający.');
		expect(htmlB).toBe(htmlA);
		expect([...b.headers.keys()].sort()).toEqual([...a.headers.keys()].sort());
		const mail = await services.db.select().from(mailOutbox).where(sql`${mailOutbox.to} in ('istnieje@example.gov.pl', 'nie-istnieje@example.gov.pl')`);
		expect(mail.map((m) => m.to)).toEqual(['istnieje@example.gov.pl']);
		expect((await services.db.select().from(privacyRequests).where(eq(privacyRequests.userId, known.user.id)))[0].status).toBe('awaiting_confirmation');
	});

	it('explains bad contact-form input next to each field, never a 500', async () => {
		const res = await postAction(base, '/contact', { topic: 'inquiry', email: 'nie-adres', message: 'krótko' });
		expect(res.status).toBe(400);
		const html = await res.text();
		for (const id of ['email-error', 'message-error', 'acknowledge-error']) expect(html).toContain(`id="${id}"`);
		expect((await postAction(base, '/contact', { topic: 'hack', email: 'a@example.gov.pl', message: 'x'.repeat(20) })).status).toBe(400);
	});

	it('sends a general message to the contact address, storing no request', async () => {
		const before = (await services.db.select().from(privacyRequests)).length;
		const res = await postAction(base, '/contact', { topic: 'problem', email: 'zglaszajacy@example.org', message: 'Strona kursu nie ładuje się na telefonie.' });
		expect(res.status).toBe(200);
		const [mail] = await services.db.select().from(mailOutbox).where(eq(mailOutbox.to, services.config.privacy.contactEmail));
		expect(mail.subject).toBe('Formularz kontaktowy: Zgłoszenie problemu lub błędu');
		expect(mail.text).toContain('zglaszajacy@example.org');
		expect(mail.text).toContain('Strona kursu nie ładuje się na telefonie.');
		expect((await services.db.select().from(privacyRequests)).length).toBe(before);
	});

	it('over the hourly limit per client address answers 429 with when to try again, sending nothing', async () => {
		const ask = () => postAction(base, '/contact', { topic: 'export', email: 'limit-ip@example.gov.pl', message: '', acknowledge: 'yes' });
		for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(200);
		const refused = await ask();
		expect(refused.status).toBe(429);
		expect(await refused.text()).toContain('Zbyt wiele zgłoszeń. Spróbuj ponownie za 60 min.');
		const me = await signedInUser(services);
		const deletion = await postAction(base, '/my-data/delete', { confirm: 'yes' }, { cookie: me.cookie });
		expect(deletion.status).toBe(429);
		expect(await services.db.select().from(privacyRequests).where(eq(privacyRequests.userId, me.user.id))).toHaveLength(0);
	});
});
