import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { blockNotices } from '../auth/auth.tables';
import { purgeAccessLog } from '../auth/auth.repository';
import { mailOutbox } from '../mail/mail.tables';

const DAY_MS = 86_400_000;
/** How often retention runs (and once at start). */
export const RETENTION_INTERVAL_MS = 3_600_000;

export interface RetentionDeps {
	db: Db;
	clock: Clock;
	config: { privacy: { accessLogRetentionDays: number; mailRetentionDays: number } };
}

export interface RetentionCounts {
	accessLog: number;
	mail: number;
	blockNotices: number;
}

/**
 * Deletes what is kept only for a while (terms §1.2.10, GDPR art. 5(1)(e)): access-log rows
 * (IP addresses and access dates) last used more than ACCESS_LOG_RETENTION_DAYS ago, sent
 * email older than MAIL_RETENTION_DAYS, and expired block notices. One transaction.
 */
export async function runRetention(deps: RetentionDeps): Promise<RetentionCounts> {
	const now = deps.clock.now().getTime();
	const { accessLogRetentionDays, mailRetentionDays } = deps.config.privacy;
	return deps.db.transaction(async (tx) => {
		const accessLog = await purgeAccessLog(tx, new Date(now - accessLogRetentionDays * DAY_MS));
		const mail = await tx
			.delete(mailOutbox)
			.where(and(eq(mailOutbox.status, 'sent'), lt(mailOutbox.sentAt, new Date(now - mailRetentionDays * DAY_MS))))
			.returning({ id: mailOutbox.id });
		const notices = await tx.delete(blockNotices).where(lt(blockNotices.expiresAt, new Date(now))).returning({ idHash: blockNotices.idHash });
		return { accessLog, mail: mail.length, blockNotices: notices.length };
	});
}

/** Runs retention at start and every `intervalMs` (hourly by default), logging what went. */
export function createRetentionScheduler(deps: RetentionDeps & { logger: Logger; intervalMs?: number }) {
	let timer: NodeJS.Timeout | undefined;
	let running: Promise<void> | undefined;
	const runOnce = () =>
		(running ??= runRetention(deps)
			.then((counts) => deps.logger.info(counts, 'retention purge done'))
			.catch((error) => deps.logger.error({ err: error }, 'retention purge failed'))
			.finally(() => (running = undefined)));
	return {
		runOnce,
		start() {
			if (timer) return;
			timer = setInterval(runOnce, deps.intervalMs ?? RETENTION_INTERVAL_MS);
			timer.unref();
			void runOnce();
		},
		async stop() {
			if (timer) clearInterval(timer);
			timer = undefined;
			await running;
		}
	};
}
