import type { Db } from '../db/client';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { isLocale } from '../../i18n/index';
import * as repo from './notifications.repository';
import { effectiveSetting } from './notifications.preferences';
import { digestMail } from './notifications.mail';
import type { NotifyDeps } from './notifications.service';

const DAY_MS = 86_400_000;
/** How often the scheduler checks whether a digest is due. */
export const DIGEST_CHECK_INTERVAL_MS = 3_600_000;

/**
 * The period a digest covers ends at the start of the current day (daily) or of the
 * current ISO week, Monday (weekly), in UTC. A digest sends what was created before that
 * boundary and not yet emailed, so running it again, or every hour, sends nothing twice;
 * it looks back two periods, so a server down at the boundary still catches up, while a
 * person who switches from "off" to a digest is not sent months of history.
 */
export function digestWindow(now: Date, frequency: 'daily' | 'weekly') {
	const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
	const before = frequency === 'daily' ? day : day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
	const period = frequency === 'daily' ? DAY_MS : 7 * DAY_MS;
	return { from: new Date(before - 2 * period), before: new Date(before) };
}

/**
 * Groups the pending notifications of every person whose email frequency for that kind is
 * `frequency` into one email per person, queued and marked emailed in one transaction.
 * Returns how many emails were queued.
 */
export async function sendDigests(deps: Omit<NotifyDeps, 'db'> & { db: Db }, frequency: 'daily' | 'weekly'): Promise<number> {
	const { from, before } = digestWindow(deps.clock.now(), frequency);
	return deps.db.transaction(async (tx) => {
		const pending = await repo.pendingEmail(tx, from, before);
		if (!pending.length) return 0;
		const policies = await repo.listPolicies(tx);
		const preferences = await repo.listPreferencesOf(tx, [...new Set(pending.map((p) => p.notification.userId))]);
		const byUser = new Map<string, typeof pending>();
		for (const row of pending) {
			const own = preferences.filter((p) => p.userId === row.notification.userId);
			if (effectiveSetting({ kind: row.notification.kind, channel: 'email', policies, preferences: own }).frequency !== frequency) continue;
			byUser.set(row.notification.userId, [...(byUser.get(row.notification.userId) ?? []), row]);
		}
		let sent = 0;
		for (const rows of byUser.values()) {
			const claimed = new Set((await repo.markEmailed(tx, rows.map((r) => r.notification.id), deps.clock.now())).map((r) => r.id));
			const items = rows.filter((r) => claimed.has(r.notification.id)).map((r) => r.notification);
			if (!items.length) continue;
			const locale = isLocale(rows[0].locale) ? rows[0].locale : 'pl';
			await deps.mail.enqueue(digestMail({ locale, origin: deps.origin, to: rows[0].email!, frequency, items }), tx);
			sent++;
		}
		return sent;
	});
}

/** Runs both digests every `intervalMs` (hourly by default); each run is idempotent. */
export function createDigestScheduler(deps: Omit<NotifyDeps, 'db'> & { db: Db; logger: Logger; intervalMs?: number }) {
	let timer: NodeJS.Timeout | undefined;
	let running: Promise<void> | undefined;
	const runOnce = () =>
		(running ??= (async () => {
			for (const frequency of ['daily', 'weekly'] as const) {
				const sent = await sendDigests(deps, frequency);
				if (sent) deps.logger.info({ frequency, sent }, 'notification digests queued');
			}
		})()
			.catch((error) => deps.logger.error({ err: error }, 'notification digest run failed'))
			.finally(() => (running = undefined)));
	return {
		runOnce,
		start() {
			if (timer) return;
			timer = setInterval(runOnce, deps.intervalMs ?? DIGEST_CHECK_INTERVAL_MS);
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
