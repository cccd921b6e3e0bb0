import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import { setRuntimeServices } from '../../src/lib/server/runtime';
import type { Services } from '../../src/lib/server/services';
import { acceptDocuments, ensureDefaultDocuments } from '../../src/lib/server/legal/index';
import { users } from '../../src/lib/server/users/users.tables';
import { privacyRequests } from '../../src/lib/server/privacy/privacy.tables';
import { deleteAccountByAdmin, requestDeps } from '../../src/lib/server/privacy/privacy.requests.service';
import { SESSION_COOKIE } from '../../src/lib/server/auth/index';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';
import { freePort } from '../support/net';
import { postAction, signedInUser } from '../support/sessions';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { findPersonalData } from '../support/find-personal-data';

const FROM = 'noreply@szkolenia.example.gov.pl';

/**
 * The emailed confirmation link end to end: the request on the page, the real message
 * on a real SMTP server (headers, both parts, the link, the language), the link opened
 * (nothing happens), confirmed (the account and every trace of the person are gone),
 * and confirmed again (refused).
 */
describe('email-verified privacy requests through a real SMTP server', () => {
	let app: FastifyInstance;
	let base: string;
	let services: Services;
	let smtp: TestSmtpServer;
	let closeDb: () => Promise<void>;

	beforeAll(async () => {
		smtp = await startSmtpServer();
		const port = await freePort();
		base = `http://localhost:${port}`;
		const database = await createTestDatabase('pglite');
		closeDb = () => database.close();
		services = createTestServices({ database, env: { PORT: String(port), ORIGIN: base, SMTP_URL: smtp.url, MAIL_FROM: `Platforma szkoleniowa <${FROM}>` } });
		setRuntimeServices(services);
		await ensureDefaultDocuments(services.db, services.clock);
		app = await buildApp({ services, pages: 'build' });
		await app.listen({ port, host: '127.0.0.1' });
	}, 120_000);

	afterAll(async () => {
		await app?.close();
		await services?.mail.stop();
		await closeDb?.();
		await smtp?.close();
		setRuntimeServices(undefined);
	});

	async function person(input: { givenName: string; familyName: string; email: string; locale: 'pl' | 'en' }) {
		const signed = await signedInUser(services, input);
		await acceptDocuments({ db: services.db, clock: services.clock }, { userId: signed.user.id, accepted: { terms: 1, privacy: 1 } });
		return signed;
	}

	/** Sends the outbox and returns the one new message to `to`, parsed. */
	async function deliveredTo(to: string) {
		const seen = smtp.received.length;
		await services.mail.runOnce();
		const fresh = smtp.received.slice(seen).filter((m) => m.envelope.to.includes(to));
		expect(fresh).toHaveLength(1);
		return { envelope: fresh[0].envelope, mail: parseMail(fresh[0].raw) };
	}

	const linkPattern = (origin: string) => new RegExp(`${origin.replace(/[.:/]/g, '\\$&')}/privacy-requests/confirm/([A-Za-z0-9_-]{43})`);

	it('deletes the account only through the emailed link, once, leaving no trace of the person', async () => {
		const bozydar = { givenName: 'Bożydar', familyName: 'Usuwalski', email: 'bozydar.usuwalski@example.gov.pl', locale: 'pl' as const };
		const { user, cookie } = await person(bozydar);

		const asked = await postAction(base, '/my-data/delete', { confirm: 'yes' }, { cookie });
		expect(asked.status).toBe(200);
		expect(await asked.text()).toContain('Sprawdź skrzynkę e-mail');

		const { envelope, mail } = await deliveredTo(bozydar.email);
		expect(envelope.from).toBe(FROM);
		expect(mail.header('from')).toContain(FROM);
		expect(mail.header('to')).toBe(bozydar.email);
		expect(mail.header('subject')).toBe('Potwierdź usunięcie konta');
		const text = mail.parts.find((p) => p.contentType === 'text/plain')!.body;
		const html = mail.parts.find((p) => p.contentType === 'text/html')!.body;
		const link = linkPattern(base).exec(text);
		expect(link, text).not.toBeNull();
		expect(html).toContain(`href="${link![0]}"`);
		expect(text).toContain('ważny przez 24 godz.');
		expect(text).toContain('zignoruj tę wiadomość – nic się nie zmieni');
		const path = new URL(link![0]).pathname;

		// Opening the link (a mail scanner would) changes nothing.
		for (let i = 0; i < 2; i++) {
			const page = await fetch(`${base}${path}`);
			expect(page.status).toBe(200);
			const body = await page.text();
			expect(body).toContain('Usuń konto na zawsze');
			expect(body).toContain('Bożydar Usuwalski');
		}
		expect(await services.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(1);

		const confirmed = await postAction(base, path, {}, { cookie });
		expect(confirmed.status).toBe(200);
		const done = await confirmed.text();
		expect(done).toContain('Konto zostało usunięte');
		expect(done).not.toContain(bozydar.email);
		expect(done).not.toContain('Usuwalski');
		expect(confirmed.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
		expect(await services.db.select().from(users).where(eq(users.id, user.id))).toHaveLength(0);
		expect(await findPersonalData(services.db, [bozydar.givenName, bozydar.familyName, bozydar.email])).toEqual([]);

		const again = await postAction(base, path, {}, { cookie });
		expect(again.status).toBe(410);
		expect(await again.text()).toContain('Link został już użyty lub wygasł');
		const reopened = await fetch(`${base}${path}`);
		expect(await reopened.text()).toContain('Link został już użyty lub wygasł');
	});

	it('writes to an English-speaking account in English', async () => {
		const { cookie } = await person({ givenName: 'Grace', familyName: 'Hopper', email: 'grace.hopper@example.org', locale: 'en' });
		expect((await postAction(base, '/my-data/delete', { confirm: 'yes' }, { cookie })).status).toBe(200);
		const { mail } = await deliveredTo('grace.hopper@example.org');
		expect(mail.header('subject')).toBe('Confirm the deletion of your account');
		const text = mail.parts.find((p) => p.contentType === 'text/plain')!.body;
		expect(text).toContain('valid for 24 hours');
		expect(text).toContain('If you did not ask for this, ignore this message; nothing will change.');
		expect(mail.parts.find((p) => p.contentType === 'text/html')!.body).toContain('<html lang="en">');
	});

	it('an export asked for from the contact form downloads once through the link', async () => {
		const { user } = await person({ givenName: 'Eulalia', familyName: 'Eksportowa', email: 'eulalia@example.gov.pl', locale: 'pl' });
		const asked = await postAction(base, '/contact', { topic: 'export', email: 'Eulalia@example.gov.pl', message: '', acknowledge: 'yes' });
		expect(asked.status).toBe(200);
		const { mail } = await deliveredTo('eulalia@example.gov.pl');
		expect(mail.header('subject')).toBe('Potwierdź pobranie swoich danych');
		const path = new URL(linkPattern(base).exec(mail.parts[0].body)![0]).pathname;
		expect(await (await fetch(`${base}${path}`)).text()).toContain('Pobierz dane');

		const download = await postAction(base, `${path}/download`, {});
		expect(download.status).toBe(200);
		expect(download.headers.get('content-type')).toBe('application/zip');
		expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="moje-dane-\d{4}-\d{2}-\d{2}\.zip"$/);
		const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
		expect(strFromU8(files['data.json'])).toContain('Eksportowa');
		const [request] = await services.db.select().from(privacyRequests).where(eq(privacyRequests.userId, user.id));
		expect(request).toMatchObject({ kind: 'export', status: 'completed', source: 'contact_form', email: null });

		const again = await postAction(base, `${path}/download`, {});
		expect(again.status).toBe(303);
		expect(again.headers.get('location')).toBe(`${path}?result=used`);
		const crossSite = await postAction(base, `${path}/download`, {}, { origin: 'https://evil.example' });
		expect(crossSite.status).toBe(403);
	});

	it('tells a person deleted by an administrator why, in their language', async () => {
		const admin = await person({ givenName: 'Admin', familyName: 'Główny', email: 'admin@example.gov.pl', locale: 'pl' });
		const { user } = await person({ givenName: 'Ada', familyName: 'Lovelace', email: 'ada@example.org', locale: 'en' });
		await deleteAccountByAdmin(requestDeps(services), { userId: user.id, adminId: admin.user.id, reason: 'Fake bookings' });
		const { mail } = await deliveredTo('ada@example.org');
		expect(mail.header('subject')).toBe('Your account has been deleted');
		for (const part of mail.parts) expect(part.body).toContain('Fake bookings');
	});
});
