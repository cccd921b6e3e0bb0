import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import type { Clock } from '../platform/clock';
import type { OutgoingMail } from '../mail/mail.service';
import { isLocale, translate, type Locale } from '../../i18n/index';
import { enrolments } from '../courses/courses.tables';
import { appendAudit } from '../admin/admin.repository';
import * as repo from './notifications.repository';
import { effectiveSetting, effectiveSettings, frequenciesFor } from './notifications.preferences';
import { notificationMail } from './notifications.mail';
import { invalidPreference, notificationNotFound, preferenceLocked } from './notifications.errors';
import type { notifications, NotificationChannel, NotificationFrequency, NotificationKind } from './notifications.tables';

type NewNotification = typeof notifications.$inferInsert;

export interface NotifyDeps {
	db: Db;
	clock: Clock;
	mail: { enqueue(message: OutgoingMail, tx?: DbOrTx): Promise<unknown> };
	/** The public origin, for absolute links in emails. */
	origin: string;
}

/** The words of a notification in one language: built per recipient, so each reads their own. */
export type NotificationText = (locale: Locale) => { title: string; body: string };

const localeOf = (value: string | null): Locale => (isLocale(value) ? value : 'pl');

/**
 * Notifies people of one event, inside the caller's transaction: one in-app row each
 * (already read when the person turned the app channel off), and an email queued in the
 * same transaction when their email channel is `immediate`. Digest emails are left to
 * `sendDigests`. Nobody is notified of their own action: pass `exclude`.
 */
export async function notify(
	deps: NotifyDeps,
	tx: DbOrTx,
	input: { userIds: string[]; kind: NotificationKind; text: NotificationText; url: string | null; exclude?: string | null }
) {
	const ids = [...new Set(input.userIds)].filter((id) => id !== input.exclude);
	if (!ids.length) return [];
	const now = deps.clock.now();
	const [people, policies, preferences] = await Promise.all([repo.recipients(tx, ids), repo.listPolicies(tx), repo.listPreferencesOf(tx, ids)]);
	const rows: NewNotification[] = [];
	const mails: OutgoingMail[] = [];
	for (const person of people) {
		if (person.status !== 'active') continue;
		const own = preferences.filter((p) => p.userId === person.id);
		const app = effectiveSetting({ kind: input.kind, channel: 'app', policies, preferences: own }).frequency;
		const email = person.email ? effectiveSetting({ kind: input.kind, channel: 'email', policies, preferences: own }).frequency : 'off';
		if (app === 'off' && email === 'off') continue;
		const locale = localeOf(person.locale);
		const { title, body } = input.text(locale);
		const immediate = email === 'immediate';
		rows.push({ userId: person.id, kind: input.kind, title, body, url: input.url, createdAt: now, readAt: app === 'off' ? now : null, emailedAt: immediate ? now : null });
		if (immediate) mails.push(notificationMail({ locale, origin: deps.origin, to: person.email!, item: { kind: input.kind, title, body, url: input.url } }));
	}
	const inserted = await repo.insertNotifications(tx, rows);
	for (const message of mails) await deps.mail.enqueue(message, tx);
	return inserted;
}

/**
 * New course content: notifies every enrolled participant of the course (for the
 * authoring module to call after publishing). One transaction.
 */
export async function notifyCourseContent(deps: NotifyDeps, input: { courseId: string; title: string; url: string; by?: string | null }) {
	return deps.db.transaction(async (tx) => {
		const enrolled = await tx.select({ userId: enrolments.userId }).from(enrolments).where(eq(enrolments.courseId, input.courseId));
		return notify(deps, tx, {
			userIds: enrolled.map((e) => e.userId),
			kind: 'course_content',
			url: input.url,
			exclude: input.by ?? null,
			text: (locale) => ({ title: translateContent(locale, input.title), body: '' })
		});
	});
}

const translateContent = (locale: Locale, title: string) => translate(locale, 'notifications.text.courseContent', { title });

export const listNotifications = (deps: { db: Db }, input: { userId: string; limit: number; offset: number }) =>
	repo.listForUser(deps.db, input.userId, input.limit, input.offset);

/** The header's badge: one count query. */
export const unreadCount = (deps: { db: Db }, userId: string) => repo.countUnread(deps.db, userId);

/** Marks one of the person's own notifications read; someone else's is "not found". */
export async function markNotificationRead(deps: { db: Db; clock: Clock }, input: { userId: string; id: string }) {
	const [own] = await repo.findOwn(deps.db, input.userId, input.id);
	if (!own) throw notificationNotFound();
	await repo.markRead(deps.db, input.userId, input.id, deps.clock.now());
	return own;
}

export async function markAllNotificationsRead(deps: { db: Db; clock: Clock }, input: { userId: string }) {
	await repo.markAllRead(deps.db, input.userId, deps.clock.now());
}

export async function getPreferences(deps: { db: Db }, userId: string) {
	const [policies, preferences] = await Promise.all([repo.listPolicies(deps.db), repo.preferencesOf(deps.db, userId)]);
	return effectiveSettings(policies, preferences);
}

/**
 * Saves a person's choices. All or nothing: a choice for a locked or disabled channel,
 * or a frequency the channel does not offer, refuses the whole set and changes nothing.
 */
export async function savePreferences(
	deps: { db: Db },
	input: { userId: string; choices: { kind: NotificationKind; channel: NotificationChannel; frequency: NotificationFrequency }[] }
) {
	await deps.db.transaction(async (tx) => {
		const policies = await repo.listPolicies(tx);
		const current = await repo.preferencesOf(tx, input.userId);
		for (const choice of input.choices) {
			if (!frequenciesFor[choice.channel].includes(choice.frequency)) throw invalidPreference();
			const setting = effectiveSetting({ kind: choice.kind, channel: choice.channel, policies, preferences: current });
			if (setting.fixed) {
				if (choice.frequency !== setting.frequency) throw preferenceLocked();
				continue;
			}
			await repo.upsertPreference(tx, { userId: input.userId, ...choice });
		}
	});
}

export const listPolicySettings = async (deps: { db: Db }) => effectiveSettings(await repo.listPolicies(deps.db), []);

type PolicyInput = { kind: NotificationKind; channel: NotificationChannel; defaultFrequency: NotificationFrequency; locked: boolean; disabled: boolean };

/** The administrator's policy for several kinds and channels at once: all written and audited in one transaction, or none. */
export async function setPolicies(deps: { db: Db; clock: Clock }, input: { by: string; rows: PolicyInput[] }) {
	for (const row of input.rows) if (!frequenciesFor[row.channel].includes(row.defaultFrequency)) throw invalidPreference();
	await deps.db.transaction(async (tx) => {
		for (const row of input.rows) {
			await repo.upsertPolicy(tx, row);
			await appendAudit(tx, {
				at: deps.clock.now(),
				actorId: input.by,
				action: 'notifications.policy_changed',
				targetType: 'notification_policy',
				targetId: `${row.kind}:${row.channel}`,
				details: { defaultFrequency: row.defaultFrequency, locked: row.locked, disabled: row.disabled }
			});
		}
	});
}

/** The administrator's policy for one kind and channel. */
export const setPolicy = (deps: { db: Db; clock: Clock }, input: PolicyInput & { by: string }) => {
	const { by, ...row } = input;
	return setPolicies(deps, { by, rows: [row] });
};
