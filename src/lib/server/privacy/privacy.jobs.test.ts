import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import type { Database } from '../db/client';
import { fixedClock } from '../platform/clock';
import { accessLog, blockNotices } from '../auth/auth.tables';
import { recordAccess } from '../auth/auth.repository';
import { mailOutbox } from '../mail/mail.tables';
import { createRetentionScheduler, runRetention } from './privacy.jobs';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

describe.each(testDrivers())('retention on %s', (driver) => {
	let database: Database;
	let f: ReturnType<typeof discussionFixtures>;
	const clock = fixedClock(NOW);
	const config = (accessLogRetentionDays = 90, mailRetentionDays = 30) => ({ privacy: { accessLogRetentionDays, mailRetentionDays } });

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		f = discussionFixtures(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	const ipsOf = async (userId: string) =>
		(await database.db.select({ ip: accessLog.ip }).from(accessLog).where(eq(accessLog.userId, userId))).map((r) => r.ip).sort();

	it('deletes IP addresses and access dates older than 90 days by default, keeping younger ones', async () => {
		const person = await f.person();
		await recordAccess(database.db, { userId: person.id, ip: '192.0.2.89', at: daysAgo(89), signIn: true });
		await recordAccess(database.db, { userId: person.id, ip: '192.0.2.91', at: daysAgo(91), signIn: true });
		await recordAccess(database.db, { userId: person.id, ip: '192.0.2.1', at: daysAgo(1), signIn: false });
		const counts = await runRetention({ db: database.db, clock, config: config() });
		expect(counts.accessLog).toBe(1);
		expect(await ipsOf(person.id)).toEqual(['192.0.2.1', '192.0.2.89']);
		expect((await runRetention({ db: database.db, clock, config: config() })).accessLog).toBe(0);
	});

	it('honours a configured retention of 30 days', async () => {
		const person = await f.person();
		await recordAccess(database.db, { userId: person.id, ip: '192.0.2.29', at: daysAgo(29), signIn: true });
		await recordAccess(database.db, { userId: person.id, ip: '192.0.2.31', at: daysAgo(31), signIn: true });
		await recordAccess(database.db, { userId: person.id, ip: '192.0.2.89', at: daysAgo(89), signIn: true });
		const counts = await runRetention({ db: database.db, clock, config: config(30) });
		expect(counts.accessLog).toBe(3); // this person's two, and the 89-day record of the previous test
		expect(await ipsOf(person.id)).toEqual(['192.0.2.29']);
	});

	it('deletes sent mail older than the mail retention and expired block notices, never pending mail', async () => {
		const person = await f.person();
		const mail = (subject: string, status: 'sent' | 'pending', sentAt: Date | null) =>
			database.db.insert(mailOutbox).values({ to: 'x@example.test', subject, text: '', status, sentAt, createdAt: sentAt ?? daysAgo(40) });
		await mail('old-sent', 'sent', daysAgo(31));
		await mail('young-sent', 'sent', daysAgo(29));
		await mail('old-pending', 'pending', null);
		await database.db.insert(blockNotices).values([
			{ idHash: `expired-${person.id}`, userId: person.id, expiresAt: daysAgo(1) },
			{ idHash: `valid-${person.id}`, userId: person.id, expiresAt: new Date(NOW.getTime() + DAY) }
		]);
		const counts = await runRetention({ db: database.db, clock, config: config(90, 30) });
		expect(counts).toMatchObject({ mail: 1, blockNotices: 1 });
		expect((await database.db.select({ s: mailOutbox.subject }).from(mailOutbox)).map((r) => r.s).sort()).toEqual(['old-pending', 'young-sent']);
		expect((await database.db.select().from(blockNotices).where(eq(blockNotices.userId, person.id))).map((n) => n.idHash)).toEqual([`valid-${person.id}`]);
	});

	it('runs at start and logs what it purged', async () => {
		const person = await f.person();
		await recordAccess(database.db, { userId: person.id, ip: '192.0.2.200', at: daysAgo(200), signIn: true });
		const lines: string[] = [];
		const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
		const scheduler = createRetentionScheduler({ db: database.db, clock, config: config(), logger, intervalMs: 60_000 });
		scheduler.start();
		await scheduler.stop();
		expect(await ipsOf(person.id)).toEqual([]);
		expect(lines.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ msg: 'retention purge done', accessLog: 1 })]);
	});
});
