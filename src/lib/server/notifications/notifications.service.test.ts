import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { eq, inArray } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { parseMail, startSmtpServer } from '../../../../tests/support/smtp';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { createMailer } from '../mail/mail.service';
import { mailOutbox } from '../mail/mail.tables';
import { auditLog } from '../admin/admin.tables';
import { notificationPreferences, notifications, type NotificationKind } from './notifications.tables';
import {
	getPreferences,
	markAllNotificationsRead,
	markNotificationRead,
	notify,
	notifyCourseContent,
	savePreferences,
	setPolicy,
	unreadCount
} from './notifications.service';
import { createDigestScheduler, digestWindow, sendDigests } from './notifications.jobs';
import { notificationsPrivacy } from './notifications.privacy';

const silent = pino({ level: 'silent' });
const ORIGIN = 'https://szkolenia.example.gov.pl';

describe.each(testDrivers())('notifications on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-03-10T09:00:00Z')); // a Tuesday
	let f: ReturnType<typeof discussionFixtures>;
	const mailer = () => createMailer({ db: database.db, clock, logger: silent, config: { from: 'szkolenia@example.gov.pl', workerIntervalMs: 1000, maxAttempts: 3 } });
	const deps = () => ({ db: database.db, clock, origin: ORIGIN, mail: mailer() });
	const mailsTo = (to: string) => database.db.select().from(mailOutbox).where(eq(mailOutbox.to, to));
	const send = (userIds: string[], kind: NotificationKind = 'post_reply', title = 'Tytuł') =>
		database.db.transaction((tx) => notify(deps(), tx, { userIds, kind, url: '/courses/k/discussion', text: (locale) => ({ title: `${title} ${locale}`, body: 'Treść' }) }));

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		f = discussionFixtures(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('stores an in-app notification and queues an immediate email in the same transaction', async () => {
		const person = await f.person();
		await send([person.id]);
		expect(await unreadCount({ db: database.db }, person.id)).toBe(1);
		const [mail] = await mailsTo(person.email!);
		expect(mail.subject).toContain('Tytuł pl');
		const [row] = await database.db.select().from(notifications).where(eq(notifications.userId, person.id));
		expect(row.emailedAt).not.toBeNull();
	});

	it('writes nothing, no notification and no mail, when the notifying transaction rolls back', async () => {
		const person = await f.person();
		await database.db
			.transaction(async (tx) => {
				await notify(deps(), tx, { userIds: [person.id], kind: 'announcement', url: null, text: () => ({ title: 'x', body: '' }) });
				throw new Error('rollback');
			})
			.catch(() => undefined);
		expect(await unreadCount({ db: database.db }, person.id)).toBe(0);
		expect(await mailsTo(person.email!)).toEqual([]);
	});

	it('writes the email in the recipient\'s language (Polish by default), HTML-escaped, with a plain-text part', async () => {
		const pl = await f.person({ locale: null });
		const en = await f.person({ locale: 'en' });
		await database.db.transaction((tx) =>
			notify(deps(), tx, {
				userIds: [pl.id, en.id],
				kind: 'announcement',
				url: '/courses/k/discussion',
				text: (locale) => ({ title: locale === 'en' ? 'Hello <b>&' : 'Cześć <b>&', body: '<img src=x onerror=alert(1)>' })
			})
		);
		const [plMail] = await mailsTo(pl.email!);
		const [enMail] = await mailsTo(en.email!);
		expect(plMail.html).toContain('<html lang="pl">');
		expect(plMail.html).toContain('Cześć &lt;b&gt;&amp;');
		expect(plMail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(plMail.html).not.toContain('<img');
		expect(plMail.html).toContain('Otwórz w serwisie');
		expect(plMail.text).toContain(`Otwórz w serwisie: ${ORIGIN}/courses/k/discussion`);
		expect(enMail.html).toContain('<html lang="en">');
		expect(enMail.html).toContain('Open in the app');
		expect(enMail.text).toContain('Hello <b>&');
	});

	it('respects a person\'s choices: app off stores the notification already read; email off queues no mail', async () => {
		const person = await f.person();
		await savePreferences({ db: database.db }, { userId: person.id, choices: [
			{ kind: 'post_reply', channel: 'app', frequency: 'off' },
			{ kind: 'post_reply', channel: 'email', frequency: 'off' },
			{ kind: 'announcement', channel: 'app', frequency: 'off' }
		] });
		await send([person.id], 'post_reply');
		await send([person.id], 'announcement');
		const rows = await database.db.select().from(notifications).where(eq(notifications.userId, person.id));
		expect(rows.map((r) => r.kind)).toEqual(['announcement']);
		expect(rows[0].readAt).not.toBeNull();
		expect(await unreadCount({ db: database.db }, person.id)).toBe(0);
		expect((await mailsTo(person.email!)).length).toBe(1);
	});

	it('applies the administrator\'s lock and disable over a person\'s choice, refuses changing them, and audits the policy', async () => {
		const admin = await f.person({ roles: ['admin'] });
		const person = await f.person();
		await savePreferences({ db: database.db }, { userId: person.id, choices: [{ kind: 'course_content', channel: 'email', frequency: 'off' }] });
		await setPolicy(deps(), { by: admin.id, kind: 'course_content', channel: 'email', defaultFrequency: 'immediate', locked: true, disabled: false });
		await setPolicy(deps(), { by: admin.id, kind: 'course_content', channel: 'app', defaultFrequency: 'immediate', locked: false, disabled: true });
		const settings = await getPreferences({ db: database.db }, person.id);
		expect(settings.find((s) => s.kind === 'course_content' && s.channel === 'email')).toMatchObject({ frequency: 'immediate', fixed: true, locked: true });
		expect(settings.find((s) => s.kind === 'course_content' && s.channel === 'app')).toMatchObject({ frequency: 'off', disabled: true });

		const before = await database.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, person.id));
		await expect(
			savePreferences({ db: database.db }, { userId: person.id, choices: [
				{ kind: 'post_reply', channel: 'email', frequency: 'weekly' },
				{ kind: 'course_content', channel: 'email', frequency: 'daily' }
			] })
		).rejects.toMatchObject({ code: 'notifications.preference_locked' });
		expect(await database.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, person.id))).toEqual(before);
		await expect(
			savePreferences({ db: database.db }, { userId: person.id, choices: [{ kind: 'post_reply', channel: 'app', frequency: 'daily' }] })
		).rejects.toMatchObject({ code: 'notifications.invalid_preference' });

		await send([person.id], 'course_content');
		const rows = await database.db.select().from(notifications).where(eq(notifications.userId, person.id));
		expect(rows[0].readAt).not.toBeNull(); // the app channel is disabled
		expect((await mailsTo(person.email!)).length).toBe(1); // email locked to immediate despite "off"
		const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'notifications.policy_changed'));
		expect(audits.map((a) => a.targetId)).toEqual(expect.arrayContaining(['course_content:email', 'course_content:app']));
		// Leave the platform default for the other tests.
		await setPolicy(deps(), { by: admin.id, kind: 'course_content', channel: 'email', defaultFrequency: 'daily', locked: false, disabled: false });
		await setPolicy(deps(), { by: admin.id, kind: 'course_content', channel: 'app', defaultFrequency: 'immediate', locked: false, disabled: false });
	});

	it('marks one notification read (only one\'s own) and all at once', async () => {
		const person = await f.person();
		const other = await f.person();
		await send([person.id]);
		await send([person.id]);
		const [first] = await database.db.select().from(notifications).where(eq(notifications.userId, person.id));
		await expect(markNotificationRead(deps(), { userId: other.id, id: first.id })).rejects.toMatchObject({ code: 'notifications.not_found' });
		expect(await unreadCount({ db: database.db }, person.id)).toBe(2);
		await markNotificationRead(deps(), { userId: person.id, id: first.id });
		expect(await unreadCount({ db: database.db }, person.id)).toBe(1);
		await markAllNotificationsRead(deps(), { userId: person.id });
		expect(await unreadCount({ db: database.db }, person.id)).toBe(0);
	});

	it('notifies enrolled participants of new course content (daily email digest by default)', async () => {
		const course = await f.course();
		const a = await f.person();
		const trainer = await f.person({ roles: ['trainer'] });
		await f.enrol(course.id, a.id);
		await notifyCourseContent(deps(), { courseId: course.id, title: 'Lekcja 2', url: `/courses/${course.slug}`, by: trainer.id });
		const [row] = await database.db.select().from(notifications).where(eq(notifications.userId, a.id));
		expect(row).toMatchObject({ kind: 'course_content', title: 'Nowy materiał: Lekcja 2', emailedAt: null });
		expect(await mailsTo(a.email!)).toEqual([]);
	});

	it('computes digest windows that end at the start of the day and of the ISO week (UTC)', () => {
		expect(digestWindow(new Date('2026-03-10T09:00:00Z'), 'daily').before.toISOString()).toBe('2026-03-10T00:00:00.000Z');
		expect(digestWindow(new Date('2026-03-10T09:00:00Z'), 'weekly').before.toISOString()).toBe('2026-03-09T00:00:00.000Z');
		expect(digestWindow(new Date('2026-03-15T23:00:00Z'), 'weekly').before.toISOString()).toBe('2026-03-09T00:00:00.000Z');
	});

	it('groups un-emailed notifications into one digest per person, marks them emailed, and sends nothing twice', async () => {
		const daily = await f.person({ locale: 'en' });
		const weekly = await f.person();
		const immediate = await f.person();
		await savePreferences({ db: database.db }, { userId: daily.id, choices: [{ kind: 'post_reply', channel: 'email', frequency: 'daily' }, { kind: 'announcement', channel: 'email', frequency: 'daily' }] });
		await savePreferences({ db: database.db }, { userId: weekly.id, choices: [{ kind: 'post_reply', channel: 'email', frequency: 'weekly' }] });
		// Weeks after the other tests' notifications, which fall outside the look-back.
		clock.set(new Date('2026-04-07T10:00:00Z'));
		await send([daily.id, weekly.id, immediate.id], 'post_reply', 'Pierwsze <i>');
		await send([daily.id], 'announcement', 'Drugie');
		// Same day: not due yet.
		expect(await sendDigests(deps(), 'daily')).toBe(0);

		clock.set(new Date('2026-04-08T01:00:00Z'));
		expect(await sendDigests(deps(), 'daily')).toBe(1);
		expect(await sendDigests(deps(), 'daily')).toBe(0);
		const [digest] = await mailsTo(daily.email!);
		expect(digest.subject).toBe('Daily notification digest (2)');
		expect(digest.html).toContain('Pierwsze &lt;i&gt; en');
		expect(digest.text).toContain('Drugie en');
		expect((await mailsTo(immediate.email!)).length).toBe(1);
		expect(await mailsTo(weekly.email!)).toEqual([]);

		expect(await sendDigests(deps(), 'weekly')).toBe(0); // the week has not ended
		clock.set(new Date('2026-04-13T00:30:00Z'));
		expect(await sendDigests(deps(), 'weekly')).toBe(1);
		expect(await sendDigests(deps(), 'weekly')).toBe(0);
		const [weeklyDigest] = await mailsTo(weekly.email!);
		expect(weeklyDigest.subject).toBe('Tygodniowe podsumowanie powiadomień (1)');
		const left = await database.db.select().from(notifications).where(inArray(notifications.userId, [daily.id, weekly.id]));
		expect(left.every((n) => n.emailedAt !== null)).toBe(true);
		clock.set(new Date('2026-03-10T09:00:00Z'));
	});

	it('the scheduler sends a due digest on its first run and nothing on the next', async () => {
		const person = await f.person();
		await savePreferences({ db: database.db }, { userId: person.id, choices: [{ kind: 'announcement', channel: 'email', frequency: 'daily' }] });
		clock.set(new Date('2026-05-05T12:00:00Z'));
		await send([person.id], 'announcement', 'Planowane');
		clock.set(new Date('2026-05-06T00:10:00Z'));
		const scheduler = createDigestScheduler({ ...deps(), logger: silent, intervalMs: 3_600_000 });
		await scheduler.runOnce();
		await scheduler.runOnce();
		await scheduler.stop();
		const mails = await mailsTo(person.email!);
		expect(mails.map((m) => m.subject)).toEqual(['Dzienne podsumowanie powiadomień (1)']);
		clock.set(new Date('2026-03-10T09:00:00Z'));
	});

	it('delivers a notification email through a real SMTP server', async () => {
		const smtp = await startSmtpServer();
		try {
			const person = await f.person({ email: 'odbiorca@example.gov.pl', givenName: 'Zofia' });
			const mail = createMailer({ db: database.db, clock, logger: silent, config: { smtpUrl: smtp.url, from: 'szkolenia@example.gov.pl', workerIntervalMs: 1000, maxAttempts: 3 } });
			await database.db.transaction((tx) =>
				notify({ db: database.db, clock, origin: ORIGIN, mail }, tx, {
					userIds: [person.id],
					kind: 'post_moderated',
					url: '/courses/k/discussion#post-1',
					text: () => ({ title: 'Moderator usunął Twój wpis w kursie „Zażółć”', body: 'Powód: <spam>' })
				})
			);
			while ((await mail.runOnce()) > 0);
			await mail.stop();
			const received = smtp.received.filter((m) => m.envelope.to.includes('odbiorca@example.gov.pl'));
			expect(received).toHaveLength(1);
			const parsed = parseMail(received[0].raw);
			expect(parsed.header('subject')).toContain('Moderator usunął Twój wpis w kursie „Zażółć”');
			const html = parsed.parts.find((p) => p.contentType === 'text/html')!.body;
			const text = parsed.parts.find((p) => p.contentType === 'text/plain')!.body;
			expect(html).toContain('Powód: &lt;spam&gt;');
			expect(text).toContain('Powód: <spam>');
			expect(text).toContain(`${ORIGIN}/courses/k/discussion#post-1`);
		} finally {
			await smtp.close();
		}
	});

	it('privacy: exports and then deletes a person\'s notifications and preferences', async () => {
		const person = await f.person();
		await savePreferences({ db: database.db }, { userId: person.id, choices: [{ kind: 'announcement', channel: 'email', frequency: 'weekly' }] });
		await send([person.id], 'post_reply');
		const { data: exported } = await notificationsPrivacy.export(database.db, person.id);
		expect(exported.notifications).toHaveLength(1);
		expect(exported.preferences).toEqual([{ kind: 'announcement', channel: 'email', frequency: 'weekly' }]);
		await database.db.transaction((tx) => notificationsPrivacy.erase(tx, person.id));
		expect(await database.db.select().from(notifications).where(eq(notifications.userId, person.id))).toEqual([]);
		expect(await database.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, person.id))).toEqual([]);
	});
});
