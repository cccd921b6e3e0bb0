import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { parseMail, startSmtpServer, type TestSmtpServer } from '../../../../tests/support/smtp';
import { fixedClock, type Clock } from '../platform/clock';
import type { Database } from '../db/client';
import { createMailer, isPermanentRejection, retryDelayMs, type Mailer, type MailConfig } from './mail.service';
import { mailOutbox } from './mail.tables';

/**
 * The outbox and its worker against a real SMTP server (smtp-server on loopback):
 * nodemailer is never mocked, so what is asserted is what a mail server receives.
 */

const FROM = 'Urząd Marszałkowski Województwa <no-reply@example.gov.pl>';
const silent = pino({ level: 'silent' });

const polishMail = {
	to: 'anna.nowak@example.gov.pl',
	subject: 'Zaświadczenie ukończenia szkolenia „Zażółć gęślą jaźń” — ĄĆĘŁŃÓŚŹŻ',
	text: 'Dzień dobry, Pani Anno!\n\nGratulujemy ukończenia szkolenia. Zaświadczenie czeka w platformie.\nŻółć, gęś, łódź, źdźbło, ćma, ńa.\n\nZespół szkoleń',
	html: '<p>Dzień dobry, <b>Pani Anno</b>!</p><p>Gratulujemy ukończenia szkolenia „Zażółć gęślą jaźń”.</p><p>ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż</p>'
};

const crlfToLf = (s: string) => s.replace(/\r\n/g, '\n');

describe.each(testDrivers())('mail outbox and worker against a real SMTP server (%s)', (driver) => {
	let database: Database;
	let smtp: TestSmtpServer;
	let mailers: Mailer[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		smtp = await startSmtpServer();
	});

	afterAll(async () => {
		await smtp?.close();
		await database?.close();
	});

	beforeEach(async () => {
		await database.db.delete(mailOutbox);
		smtp.received.length = 0;
		smtp.rejectRcpt = null;
		smtp.rejectData = null;
		await smtp.up();
	});

	afterEach(async () => {
		await Promise.all(mailers.map((m) => m.stop()));
		mailers = [];
	});

	function mailer(clock: Clock, config: Partial<MailConfig> = {}) {
		const m = createMailer({
			db: database.db,
			clock,
			logger: silent,
			config: { smtpUrl: smtp.url, from: FROM, workerIntervalMs: 50, maxAttempts: 3, ...config }
		});
		mailers.push(m);
		return m;
	}

	const rows = () => database.db.select().from(mailOutbox).orderBy(mailOutbox.subject);
	const row = async (id: string) => (await database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id)))[0];

	it('delivers a queued message through the worker with the right sender, recipient, subject, text and HTML parts, Polish diacritics intact', async () => {
		const clock = fixedClock();
		const m = mailer(clock);
		const id = await m.enqueue(polishMail);
		expect((await row(id)).status).toBe('pending');

		m.start();
		await vi.waitFor(async () => expect((await row(id)).status).toBe('sent'), { timeout: 5000, interval: 20 });

		expect(smtp.received).toHaveLength(1);
		const [delivered] = smtp.received;
		expect(delivered.envelope).toEqual({ from: 'no-reply@example.gov.pl', to: ['anna.nowak@example.gov.pl'] });

		const mail = parseMail(delivered.raw);
		expect(mail.header('from')).toBe(FROM);
		expect(mail.header('to')).toBe('anna.nowak@example.gov.pl');
		expect(mail.header('subject')).toBe(polishMail.subject);
		// Non-ASCII headers travel as RFC 2047 encoded words, never as raw 8-bit bytes.
		expect(mail.headers.get('subject')).toMatch(/^=\?UTF-8\?[QB]\?/i);
		expect(mail.headers.get('subject')).toMatch(/^[\x20-\x7e]*$/);
		expect(mail.headers.get('content-type')).toMatch(/^multipart\/alternative;/);

		expect(mail.parts.map((p) => p.contentType)).toEqual(['text/plain', 'text/html']);
		for (const part of mail.parts) {
			expect(part.charset?.toLowerCase()).toBe('utf-8');
			expect(part.transferEncoding?.toLowerCase()).toMatch(/^(quoted-printable|base64)$/);
		}
		expect(crlfToLf(mail.parts[0].body)).toBe(polishMail.text);
		expect(crlfToLf(mail.parts[1].body)).toBe(polishMail.html);

		const sent = await row(id);
		expect(sent).toMatchObject({ status: 'sent', attempts: 1, lastError: null, lockedUntil: null });
		expect(sent.sentAt).toEqual(clock.now());
	});

	it('sends a message without HTML as a single text/plain part', async () => {
		const m = mailer(fixedClock());
		await m.enqueue({ to: 'jan.kowalski@example.gov.pl', subject: 'Przypomnienie', text: 'Termin mija jutro — proszę się pospieszyć.' });
		expect(await m.runOnce()).toBe(1);
		const mail = parseMail(smtp.received[0].raw);
		expect(mail.headers.get('content-type')).toMatch(/^text\/plain;/);
		expect(mail.parts).toHaveLength(1);
		expect(crlfToLf(mail.parts[0].body)).toBe('Termin mija jutro — proszę się pospieszyć.');
	});

	it('treats a message as due from the moment it is queued, by the mailer clock (not the database clock)', async () => {
		// A clock far in the past of the database server's now(): the message is still due at once.
		const clock = fixedClock(new Date('2020-03-01T08:00:00Z'));
		const m = mailer(clock);
		const id = await m.enqueue(polishMail);
		expect((await row(id)).nextAttemptAt).toEqual(clock.now());
		expect(await m.runOnce()).toBe(1);
		expect((await row(id)).status).toBe('sent');
	});

	it('leaves no message when the transaction that queued it rolls back, and keeps it when it commits', async () => {
		const m = mailer(fixedClock());
		await expect(
			database.db.transaction(async (tx) => {
				await m.enqueue({ ...polishMail, subject: 'wycofana' }, tx);
				throw new Error('rollback');
			})
		).rejects.toThrow('rollback');
		expect(await rows()).toHaveLength(0);

		await database.db.transaction(async (tx) => {
			await m.enqueue({ ...polishMail, subject: 'zatwierdzona' }, tx);
		});
		expect((await rows()).map((r) => r.subject)).toEqual(['zatwierdzona']);

		expect(await m.runOnce()).toBe(1);
		expect(smtp.received.map((r) => parseMail(r.raw).header('subject'))).toEqual(['zatwierdzona']);
	});

	it('keeps the message pending with attempts, last_error and a later next_attempt_at while the SMTP server refuses connections, and delivers it once the server is back', async () => {
		const clock = fixedClock();
		const m = mailer(clock);
		const id = await m.enqueue(polishMail);
		const queuedAt = clock.now();
		await smtp.down();

		expect(await m.runOnce()).toBe(1);
		let r = await row(id);
		expect(r).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null, sentAt: null });
		expect(r.lastError).toMatch(/ECONNREFUSED|connect/i);
		expect(r.nextAttemptAt).toEqual(new Date(queuedAt.getTime() + retryDelayMs(1)));

		// Not due yet: nothing is tried, even once the server is back.
		expect(await m.runOnce()).toBe(0);
		await smtp.up();
		clock.advance(retryDelayMs(1) - 1);
		expect(await m.runOnce()).toBe(0);
		expect(smtp.received).toHaveLength(0);

		clock.advance(1);
		expect(await m.runOnce()).toBe(1);
		r = await row(id);
		expect(r).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
		expect(smtp.received).toHaveLength(1);
		expect(parseMail(smtp.received[0].raw).header('subject')).toBe(polishMail.subject);
	});

	it.each([
		{ stage: 'RCPT', code: 550, message: 'No such user here' },
		{ stage: 'DATA', code: 554, message: 'Transaction failed' }
	])('gives up at once when the server answers $code (permanent) to $stage: the message is failed and never sent again', async ({ stage, code, message }) => {
		const clock = fixedClock();
		const m = mailer(clock);
		const id = await m.enqueue(polishMail);
		if (stage === 'RCPT') smtp.rejectRcpt = { code, message };
		else smtp.rejectData = { code, message };

		expect(await m.runOnce()).toBe(1);
		const r = await row(id);
		expect(r).toMatchObject({ status: 'failed', attempts: 1 });
		expect(r.lastError).toContain(String(code));

		smtp.rejectRcpt = null;
		smtp.rejectData = null;
		clock.advance(24 * 3_600_000);
		expect(await m.runOnce()).toBe(0);
		expect(smtp.received).toHaveLength(0);
	});

	it.each([
		{ stage: 'RCPT', code: 450, message: 'Skrzynka chwilowo niedostępna' },
		{ stage: 'DATA', code: 451, message: 'Local error in processing' }
	])('retries later when the server answers $code to $stage, then delivers once it accepts', async ({ stage, code, message }) => {
		const clock = fixedClock();
		const m = mailer(clock);
		const id = await m.enqueue(polishMail);
		if (stage === 'RCPT') smtp.rejectRcpt = { code, message };
		else smtp.rejectData = { code, message };

		expect(await m.runOnce()).toBe(1);
		const r = await row(id);
		expect(r).toMatchObject({ status: 'pending', attempts: 1 });
		expect(r.lastError).toContain(String(code));
		expect(r.nextAttemptAt).toEqual(new Date(clock.now().getTime() + retryDelayMs(1)));
		expect(smtp.received).toHaveLength(0);

		smtp.rejectRcpt = null;
		smtp.rejectData = null;
		clock.advance(retryDelayMs(1));
		expect(await m.runOnce()).toBe(1);
		expect(await row(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
		expect(smtp.received).toHaveLength(1);
	});

	it('sends a message again after a crash between the SMTP acceptance and "sent" with the same Message-ID, so the copy is recognisable', async () => {
		// The first UPDATE to 'sent' fails, as if the process died the moment the server accepted
		// the message (a sequence, not a table: its first value survives the failed transaction).
		await database.db.execute(sql.raw('create sequence crash_once'));
		await database.db.execute(
			sql.raw(
				`create function crash_before_sent() returns trigger language plpgsql as $$ begin if new.status = 'sent' and nextval('crash_once') = 1 then raise exception 'killed before marking sent'; end if; return new; end $$`
			)
		);
		await database.db.execute(sql.raw('create trigger mail_crash_before_sent before update on mail_outbox for each row execute function crash_before_sent()'));
		try {
			const clock = fixedClock();
			const m = mailer(clock);
			const id = await m.enqueue(polishMail);
			const stored = (await row(id)).messageId;
			expect(stored).toMatch(/^<[0-9a-f-]{36}@example\.gov\.pl>$/);

			await m.runOnce();
			expect(smtp.received).toHaveLength(1);
			expect((await row(id)).status).toBe('pending');
			clock.advance(retryDelayMs(1));
			await m.runOnce();
			expect((await row(id)).status).toBe('sent');

			expect(smtp.received).toHaveLength(2);
			const ids = smtp.received.map((mail) => parseMail(mail.raw).header('message-id'));
			expect(ids).toEqual([stored, stored]);
		} finally {
			await database.db.execute(sql.raw('drop trigger mail_crash_before_sent on mail_outbox'));
			await database.db.execute(sql.raw('drop function crash_before_sent'));
			await database.db.execute(sql.raw('drop sequence crash_once'));
		}
	});

	it('gives every queued message a Message-ID of its own', async () => {
		const m = mailer(fixedClock());
		const a = await m.enqueue(polishMail);
		const b = await m.enqueue(polishMail);
		expect((await row(a)).messageId).not.toBe((await row(b)).messageId);
	});

	it('marks the message failed after MAIL_MAX_ATTEMPTS failed attempts, backing off between them, and never tries it again', async () => {
		const clock = fixedClock();
		const m = mailer(clock, { maxAttempts: 3 });
		const id = await m.enqueue(polishMail);
		smtp.rejectRcpt = { code: 451, message: 'Try again later' };

		for (let attempt = 1; attempt <= 3; attempt++) {
			expect(await m.runOnce()).toBe(1);
			const r = await row(id);
			expect(r.attempts).toBe(attempt);
			expect(r.status).toBe(attempt < 3 ? 'pending' : 'failed');
			expect(r.nextAttemptAt).toEqual(new Date(clock.now().getTime() + retryDelayMs(attempt)));
			clock.advance(retryDelayMs(attempt));
		}
		expect(retryDelayMs(1)).toBeLessThan(retryDelayMs(2));
		const failed = await row(id);
		expect(failed.lastError).toContain('451');

		smtp.rejectRcpt = null;
		clock.advance(24 * 3_600_000);
		expect(await m.runOnce()).toBe(0);
		expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3 });
		expect(smtp.received).toHaveLength(0);
	});

	it('delivers each message exactly once when two workers share the outbox', async () => {
		const clock = fixedClock();
		const count = 45; // more than two claim batches of 20
		const a = mailer(clock);
		const b = mailer(clock);
		for (let i = 0; i < count; i++) {
			await (i % 2 ? a : b).enqueue({ to: `osoba${i}@example.gov.pl`, subject: `Wiadomość ${String(i).padStart(2, '0')}`, text: `Treść ${i}` });
		}

		// Both workers claim concurrently, over and over, until nothing is left.
		const drain = async (m: Mailer) => {
			let tried = 0;
			for (let n = await m.runOnce(); n > 0; n = await m.runOnce()) tried += n;
			return tried;
		};
		const [byA, byB] = await Promise.all([drain(a), drain(b)]);
		expect(byA + byB).toBe(count);

		const subjects = smtp.received.map((r) => parseMail(r.raw).header('subject')).sort();
		expect(subjects).toEqual(Array.from({ length: count }, (_, i) => `Wiadomość ${String(i).padStart(2, '0')}`));
		const all = await rows();
		expect(all.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
	});

	it('delivers each message exactly once with two running worker loops', async () => {
		const clock = fixedClock();
		const a = mailer(clock);
		const b = mailer(clock);
		const count = 30;
		for (let i = 0; i < count; i++) await a.enqueue({ to: `osoba${i}@example.gov.pl`, subject: `Pętla ${i}`, text: 'x' });
		a.start();
		b.start();
		await vi.waitFor(
			async () => {
				const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(mailOutbox).where(eq(mailOutbox.status, 'sent'));
				expect(Number(n)).toBe(count);
			},
			{ timeout: 10_000, interval: 25 }
		);
		await Promise.all([a.stop(), b.stop()]);
		const subjects = smtp.received.map((r) => parseMail(r.raw).header('subject'));
		expect(subjects).toHaveLength(count);
		expect(new Set(subjects).size).toBe(count);
	});

	it('does not send a message of its batch that another worker re-claimed after the lease ran out during a slow delivery', async () => {
		const clock = fixedClock();
		const a = mailer(clock);
		const first = await a.enqueue({ to: 'a@example.gov.pl', subject: 'pierwsza', text: '1' });
		clock.advance(1); // claimed in queue order: `first` is sent first
		const second = await a.enqueue({ to: 'b@example.gov.pl', subject: 'druga', text: '2' });

		const gate = smtp.hold();
		const batch = a.runOnce();
		await gate.entered; // worker A is inside DATA for `first`, holding both leases

		// The SMTP server is slow: A's lease on `second` runs out and another worker claims it.
		clock.advance(61_000);
		const reclaimedUntil = new Date(clock.now().getTime() + 60_000);
		await database.db.update(mailOutbox).set({ lockedUntil: reclaimedUntil, attempts: sql`${mailOutbox.attempts} + 1` }).where(eq(mailOutbox.id, second));

		gate.release();
		await batch;
		expect(smtp.received.map((r) => parseMail(r.raw).header('subject'))).toEqual(['pierwsza']);
		expect((await row(first)).status).toBe('sent');
		// `second` is left to its new owner: still pending and locked by it.
		expect(await row(second)).toMatchObject({ status: 'pending', lockedUntil: reclaimedUntil });
	});

	it('stop() waits for the batch in flight to finish, then runs no more', async () => {
		const clock = fixedClock();
		const m = mailer(clock);
		const id = await m.enqueue(polishMail);
		const gate = smtp.hold();
		m.start();
		await gate.entered;

		let stopped = false;
		const stopping = m.stop().then(() => (stopped = true));
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(stopped).toBe(false);
		expect((await row(id)).status).toBe('pending');

		gate.release();
		await stopping;
		expect((await row(id)).status).toBe('sent');
		expect(smtp.received).toHaveLength(1);

		const later = await m.enqueue({ ...polishMail, subject: 'po zatrzymaniu' });
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect((await row(later)).status).toBe('pending');
		expect(smtp.received).toHaveLength(1);
	});

	it('stop() resolves even when the batch in flight fails', async () => {
		let failClaim!: (error: Error) => void;
		const entered = new Promise<void>((resolve) => {
			const db = new Proxy(database.db, {
				get(target, prop, receiver) {
					if (prop === 'transaction') {
						return () => {
							resolve();
							return new Promise((_, reject) => (failClaim = reject));
						};
					}
					return Reflect.get(target, prop, receiver);
				}
			});
			const m = createMailer({
				db,
				clock: fixedClock(),
				logger: silent,
				config: { smtpUrl: smtp.url, from: FROM, workerIntervalMs: 50, maxAttempts: 3 }
			});
			mailers.push(m);
			m.start();
		});
		await entered;
		const stopping = mailers[0].stop();
		failClaim(new Error('database connection lost'));
		await expect(stopping).resolves.toBeUndefined();
	});
});

describe('isPermanentRejection', () => {
	it('is true only for a 5xx answer to a recipient or to the message, never for connection, sign-in or sender problems', () => {
		expect(isPermanentRejection({ responseCode: 550, command: 'RCPT TO' })).toBe(true);
		expect(isPermanentRejection({ responseCode: 554, command: 'DATA' })).toBe(true);
		expect(isPermanentRejection({ responseCode: 451, command: 'RCPT TO' })).toBe(false);
		expect(isPermanentRejection({ responseCode: 535, command: 'AUTH PLAIN' })).toBe(false);
		expect(isPermanentRejection({ responseCode: 553, command: 'MAIL FROM' })).toBe(false);
		expect(isPermanentRejection({ code: 'ECONNREFUSED' })).toBe(false);
		expect(isPermanentRejection(undefined)).toBe(false);
	});
});
