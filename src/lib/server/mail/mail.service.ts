import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Db, DbOrTx } from '../db/client';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import * as repo from './mail.repository';

export interface OutgoingMail {
	to: string;
	subject: string;
	text: string;
	html?: string;
}

export interface MailConfig {
	smtpUrl?: string;
	from: string;
	workerIntervalMs: number;
	maxAttempts: number;
}

/**
 * A Message-ID (RFC 5322) in the sender's domain, made once per outbox row: every delivery
 * attempt of the row carries it, so a copy sent again after a crash is recognisable.
 */
export function newMessageId(from: string): string {
	const domain = /@([^\s>@]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
	return `<${randomUUID()}@${domain}>`;
}

/** How long a claimed message stays reserved for the worker that claimed it. */
const LOCK_MS = 60_000;

/** Delay before attempt n+1: 30 s, 1 min, 2 min … capped at 1 hour. */
export function retryDelayMs(attempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * A 5xx answer to RCPT TO or to the message itself (RFC 5321: permanent) rejects this
 * recipient or this message: sending it again cannot succeed. A 5xx elsewhere (greeting,
 * authentication, MAIL FROM) is about our connection or configuration and affects every
 * message, so those are retried like 4xx, to recover once the configuration is fixed.
 */
export function isPermanentRejection(error: unknown): boolean {
	const e = error as { responseCode?: number; command?: string };
	const code = Number(e?.responseCode);
	const command = String(e?.command ?? '').toUpperCase();
	return code >= 500 && code < 600 && (command.startsWith('RCPT') || command.startsWith('DATA'));
}

/**
 * The mail outbox and its worker. `enqueue` only writes a row (pass the caller's
 * transaction so the mail exists exactly when the change that caused it does);
 * the worker sends with nodemailer: SMTP when SMTP_URL is set, otherwise the
 * development outbox (messages are kept in the table and shown at /dev/outbox).
 */
export function createMailer(deps: { db: Db; clock: Clock; logger: Logger; config: MailConfig; transport?: Transporter }) {
	const { db, clock, logger, config } = deps;
	const transport: Transporter =
		deps.transport ??
		(config.smtpUrl
			? nodemailer.createTransport(config.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 })
			: nodemailer.createTransport({ jsonTransport: true }));
	let timer: NodeJS.Timeout | undefined;
	let running: Promise<number> | undefined;

	async function runOnce(): Promise<number> {
		const batch = await repo.claimDue(db, clock.now(), LOCK_MS, 20);
		for (const message of batch) {
			// The claim's lease may have run out while earlier messages of the batch were sent.
			const lockedUntil = new Date(clock.now().getTime() + LOCK_MS);
			if (!(await repo.renewLock(db, message.id, message.lockedUntil!, lockedUntil))) {
				logger.warn({ mailId: message.id }, 'mail lease lost to another worker; not sending');
				continue;
			}
			try {
				await transport.sendMail({
					from: config.from,
					to: message.to,
					subject: message.subject,
					text: message.text,
					html: message.html ?? undefined,
					messageId: message.messageId
				});
				await repo.markSent(db, message.id, clock.now());
			} catch (error) {
				const giveUp = message.attempts >= config.maxAttempts || isPermanentRejection(error);
				const next = new Date(clock.now().getTime() + retryDelayMs(message.attempts));
				await repo.markRetry(db, message.id, next, (error as Error).message ?? String(error), giveUp);
				logger.warn({ mailId: message.id, attempts: message.attempts, giveUp, err: (error as Error).message }, 'mail delivery failed');
			}
		}
		return batch.length;
	}

	const runExclusive = () => (running ??= runOnce().finally(() => (running = undefined)));

	return {
		devOutbox: !config.smtpUrl,
		/** Due at once by this mailer's clock (not the database's now(), which the worker never reads). */
		enqueue: (message: OutgoingMail, tx: DbOrTx = db) =>
			repo.insertMail(tx, {
				to: message.to,
				subject: message.subject,
				text: message.text,
				html: message.html,
				messageId: newMessageId(config.from),
				nextAttemptAt: clock.now(),
				createdAt: clock.now()
			}),
		/** Sends what is due now; returns how many messages were tried. */
		runOnce: runExclusive,
		start() {
			if (timer) return;
			const tick = () => {
				runExclusive()
					.catch((error) => logger.error({ err: error }, 'mail worker tick failed'))
					.finally(() => {
						if (timer) timer = setTimeout(tick, config.workerIntervalMs);
					});
			};
			timer = setTimeout(tick, 10);
		},
		async stop() {
			if (timer) clearTimeout(timer);
			timer = undefined;
			// A failed batch was already logged by the tick; stopping must still complete.
			await running?.catch(() => undefined);
			transport.close();
		},
		listRecent: (limit = 50, offset = 0) => repo.listRecent(db, limit, offset)
	};
}

export type Mailer = ReturnType<typeof createMailer>;
