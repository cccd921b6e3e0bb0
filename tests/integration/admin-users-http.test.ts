import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { buildApp } from '../../src/server/app';
import { setRuntimeServices } from '../../src/lib/server/runtime';
import type { Services } from '../../src/lib/server/services';
import { users, userRoles } from '../../src/lib/server/users/users.tables';
import { auditLog } from '../../src/lib/server/admin/admin.tables';
import { mailOutbox } from '../../src/lib/server/mail/mail.tables';
import { blockNotices, sessions } from '../../src/lib/server/auth/auth.tables';
import { courses, courseTrainers } from '../../src/lib/server/courses/courses.tables';
import { createTestDatabase } from '../support/db';
import { createTestServices } from '../support/services';
import { freePort } from '../support/net';
import { postAction, signedInUser } from '../support/sessions';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../support/smtp';

/**
 * The admin's user pages and the blocked page through the whole stack (the built app,
 * where SvelteKit checks the origin of form posts; Fastify -> SvelteKit -> domain ->
 * database -> outbox -> a real SMTP server). Every admin action
 * is refused to a participant, a trainer and a cross-site form, and then nothing changed.
 */
describe('user administration over HTTP', () => {
	let app: FastifyInstance;
	let base: string;
	let services: Services;
	let smtp: TestSmtpServer;
	let closeDb: () => Promise<void>;
	type Person = Awaited<ReturnType<typeof signedInUser>>;
	let admin: Person;
	let participant: Person;
	let trainer: Person;
	let courseId: string;

	beforeAll(async () => {
		const port = await freePort();
		base = `http://localhost:${port}`;
		smtp = await startSmtpServer();
		const database = await createTestDatabase('pglite');
		closeDb = () => database.close();
		services = createTestServices({ database, env: { PORT: String(port), SMTP_URL: smtp.url, CONTACT_EMAIL: 'kontakt@example.gov.pl', MAIL_FROM: 'Platforma <no-reply@example.gov.pl>' } });
		setRuntimeServices(services);
		admin = await signedInUser(services, { roles: ['admin'], givenName: 'Ewa', familyName: 'Adminowa' });
		participant = await signedInUser(services, { givenName: 'Anna', familyName: 'Uczestniczka' });
		trainer = await signedInUser(services, { roles: ['trainer'], givenName: 'Jan', familyName: 'Trenerski' });
		const [course] = await services.db.insert(courses).values({ slug: 'rodo', title: 'RODO w praktyce' }).returning();
		courseId = course.id;
		app = await buildApp({ services, pages: 'build' });
		await app.listen({ port, host: '127.0.0.1' });
	}, 120_000);

	afterAll(async () => {
		await app?.close();
		await smtp?.close();
		await closeDb?.();
		setRuntimeServices(undefined);
	});

	/** Everything an admin action on the user pages could change. */
	async function snapshot() {
		const db = services.db;
		return {
			users: await db.select().from(users).orderBy(users.id),
			roles: await db.select().from(userRoles).orderBy(userRoles.userId, userRoles.role, userRoles.source),
			audit: await db.select().from(auditLog).orderBy(auditLog.id),
			mail: await db.select().from(mailOutbox).orderBy(mailOutbox.id),
			trainers: await db.select().from(courseTrainers).orderBy(courseTrainers.userId),
			sessions: await db.select().from(sessions).orderBy(sessions.idHash),
			notices: await db.select().from(blockNotices).orderBy(blockNotices.idHash)
		};
	}

	const get = (path: string, cookie?: string) => fetch(`${base}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

	describe('every admin page refuses a participant and a trainer', () => {
		for (const path of ['/admin/users', '/admin/users?q=a&role=trainer', '/admin/audit', '/admin/users/:target']) {
			it(`GET ${path}`, async () => {
				const target = await signedInUser(services);
				const url = path.replace(':target', target.user.id);
				for (const who of [participant, trainer]) expect((await get(url, who.cookie)).status).toBe(403);
				const ok = await get(url, admin.cookie);
				expect(ok.status).toBe(200);
				expect((await get(url)).status).toBe(303);
			});
		}
	});

	describe('every admin action is refused to a participant, a trainer and a cross-site form, and changes nothing', () => {
		const cases: { action: string; fields: () => Record<string, string>; setup?: (targetId: string) => Promise<void> }[] = [
			{ action: 'block', fields: () => ({ reason: 'Naruszenie regulaminu', confirm: 'yes' }) },
			{
				action: 'unblock',
				fields: () => ({ note: 'Wyjaśniono' }),
				setup: async (id) => void (await services.db.update(users).set({ status: 'blocked', blockedReason: 'x' }).where(eq(users.id, id)))
			},
			{ action: 'grantRole', fields: () => ({ role: 'admin' }) },
			{
				action: 'revokeRole',
				fields: () => ({ role: 'trainer', confirm: 'yes' }),
				setup: async (id) => void (await services.db.insert(userRoles).values({ userId: id, role: 'trainer', source: 'app' }))
			},
			{
				action: 'addTrainer',
				fields: () => ({ courseId }),
				setup: async (id) => void (await services.db.insert(userRoles).values({ userId: id, role: 'trainer', source: 'app' }))
			}
		];
		for (const c of cases) {
			it(`?/${c.action}`, async () => {
				const target = await signedInUser(services, { givenName: 'Cel', familyName: c.action });
				await c.setup?.(target.user.id);
				const path = `/admin/users/${target.user.id}?/${c.action}`;
				const before = await snapshot();
				for (const who of [participant, trainer]) {
					const res = await postAction(base, path, c.fields(), { cookie: who.cookie });
					expect(res.status, `${c.action} by a non-admin`).toBe(403);
				}
				const crossSite = await postAction(base, path, c.fields(), { cookie: admin.cookie, origin: 'https://evil.example' });
				expect(crossSite.status).toBe(403);
				expect(await snapshot()).toEqual(before);
				// The same request from the admin's own page does change it.
				const res = await postAction(base, path, c.fields(), { cookie: admin.cookie });
				expect(res.status).toBe(200);
				expect(await snapshot()).not.toEqual(before);
			});
		}
	});

	it('explains a missing reason next to the field with 400 and blocks nothing', async () => {
		const target = await signedInUser(services);
		const before = await snapshot();
		const res = await postAction(base, `/admin/users/${target.user.id}?/block`, { reason: ' a ' }, { cookie: admin.cookie });
		expect(res.status).toBe(400);
		const html = await res.text();
		expect(html).toContain('Podaj powód blokady: od 3 do 500 znaków.');
		expect(html).toContain('Zaznacz potwierdzenie, aby zablokować konto.');
		expect(await snapshot()).toEqual(before);
		const unblock = await postAction(base, `/admin/users/${target.user.id}?/unblock`, { note: '' }, { cookie: admin.cookie });
		expect(unblock.status).toBe(400);
	});

	it('refuses an admin revoking their own admin role with a message, and keeps the role', async () => {
		const res = await postAction(base, `/admin/users/${admin.user.id}?/revokeRole`, { role: 'admin', confirm: 'yes' }, { cookie: admin.cookie });
		expect(res.status).toBe(409);
		expect(await res.text()).toContain('Nie możesz odebrać roli administratora samemu sobie.');
		expect(await services.db.select().from(userRoles).where(eq(userRoles.userId, admin.user.id))).toHaveLength(1);
	});

	it('a block sends the person an email through SMTP with the reason and the contact, in text and HTML; their next request lands on the blocked page', async () => {
		const person = await signedInUser(services, { givenName: 'Zofia', familyName: 'Blokowana', email: 'zofia.blokowana@example.gov.pl' });
		expect((await get('/', person.cookie)).status).toBe(200);
		const res = await postAction(base, `/admin/users/${person.user.id}?/block`, { reason: 'Udostępnianie konta <innym>', confirm: 'yes' }, { cookie: admin.cookie });
		expect(res.status).toBe(200);

		smtp.received.length = 0;
		await services.mail.runOnce();
		const mail = smtp.received.find((m) => m.envelope.to.includes('zofia.blokowana@example.gov.pl'));
		expect(mail).toBeDefined();
		const parsed = parseMail(mail!.raw);
		expect(parsed.header('subject')).toBe('Twoje konto na platformie szkoleniowej zostało zablokowane');
		const text = parsed.parts.find((p) => p.contentType === 'text/plain')!.body;
		const html = parsed.parts.find((p) => p.contentType === 'text/html')!.body;
		expect(text).toContain('Powód blokady: Udostępnianie konta <innym>');
		expect(text).toContain('kontakt@example.gov.pl');
		expect(text).toContain(`${base}/contact`);
		expect(html).toContain('Udostępnianie konta &lt;innym&gt;');
		expect(html).toContain('kontakt@example.gov.pl');
		expect(html).toContain(`href="${base}/contact"`);

		// The person's browser: every page leads to the blocked page, which answers 403.
		const next = await get('/courses', person.cookie);
		expect(next.status).toBe(303);
		expect(next.headers.get('location')).toBe('/blocked');
		const blocked = await get('/blocked', person.cookie);
		expect(blocked.status).toBe(403);
		const page = await blocked.text();
		expect(page).toContain('Konto zablokowane');
		expect(page).toContain('Udostępnianie konta &lt;innym');
		expect(page).not.toContain('<innym>');
		expect(page).toContain('mailto:kontakt@example.gov.pl');
		expect(page).toContain('href="/contact"');

		// "Close" forgets the notice and the cookie: the browser is anonymous again.
		const crossSite = await postAction(base, '/blocked?/close', {}, { cookie: person.cookie, origin: 'https://evil.example' });
		expect(crossSite.status).toBe(403);
		const close = await postAction(base, '/blocked?/close', {}, { cookie: person.cookie });
		expect(close.status).toBe(303);
		expect(close.headers.get('location')).toBe('/');
		expect(close.headers.get('set-cookie')).toMatch(/wzp_session=;/);
		expect((await get('/courses', person.cookie)).status).toBe(200);

		// Unblocking sends "active again".
		smtp.received.length = 0;
		expect((await postAction(base, `/admin/users/${person.user.id}?/unblock`, { note: 'Wyjaśniono' }, { cookie: admin.cookie })).status).toBe(200);
		await services.mail.runOnce();
		const again = smtp.received.find((m) => m.envelope.to.includes('zofia.blokowana@example.gov.pl'));
		expect(parseMail(again!.raw).header('subject')).toBe('Twoje konto na platformie szkoleniowej jest znowu aktywne');
	});

	it('adds a trainer to a course as co-trainer with an audit entry, and explains why a participant cannot be added', async () => {
		const person = await signedInUser(services, { roles: ['trainer'], givenName: 'Tomasz', familyName: 'Współprowadzący' });
		const page = await (await get(`/admin/users/${person.user.id}`, admin.cookie)).text();
		expect(page).toContain('RODO w praktyce');
		const res = await postAction(base, `/admin/users/${person.user.id}?/addTrainer`, { courseId }, { cookie: admin.cookie });
		expect(res.status).toBe(200);
		expect(await res.text()).toContain('Dodano trenera do kursu.');
		expect(await services.db.select().from(courseTrainers).where(eq(courseTrainers.userId, person.user.id))).toMatchObject([{ courseId, role: 'co_trainer' }]);
		const entries = await services.db.select().from(auditLog).where(eq(auditLog.action, 'courses.trainer_added'));
		expect(entries.find((e) => e.details?.userId === person.user.id)).toMatchObject({ actorId: admin.user.id, targetType: 'course', targetId: courseId });

		const before = await snapshot();
		const refused = await postAction(base, `/admin/users/${participant.user.id}?/addTrainer`, { courseId }, { cookie: admin.cookie });
		expect(refused.status).toBe(409);
		expect(await refused.text()).toContain('Najpierw nadaj tej osobie rolę trenera.');
		const malformed = await postAction(base, `/admin/users/${person.user.id}?/addTrainer`, { courseId: 'nie-kurs' }, { cookie: admin.cookie });
		expect(malformed.status).toBe(400);
		const malformedPage = await malformed.text();
		expect(malformedPage).toContain('Wybierz kurs z listy.');
		expect(malformedPage).toContain('data-testid="courseId-error"');
		expect(await snapshot()).toEqual(before);
	});

	it('the blocked page sends anyone who is not blocked home', async () => {
		expect((await get('/blocked')).headers.get('location')).toBe('/');
		expect((await get('/blocked', participant.cookie)).headers.get('location')).toBe('/');
	});
});
