import { desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../db/client';
import type { Clock } from '../platform/clock';
import type { FileStore } from '../files/index';
import type { Mailer } from '../mail/mail.service';
import type { Config } from '../config/config';
import type { Locale } from '../../i18n/index';
import { hashToken, randomToken } from '../platform/ids';
import { appendAudit } from '../admin/index';
import { findUserById } from '../users/users.repository';
import { userNotFound } from '../users/users.errors';
import { eraseAccount } from './privacy.service';
import { privacyRequests, type RequestKind, type RequestSource, type RequestStatus } from './privacy.tables';
import * as repo from './privacy.requests.repository';
import * as errors from './privacy.requests.errors';
import { confirmationMail, deletedByAdminMail, outcomeMail } from './privacy.requests.mail';
import type { RequestListQuery } from './privacy.requests.schemas';

/**
 * Privacy requests handled as cases (export, deletion, inquiry): a request from the
 * profile or the contact form is confirmed through a single-use, time-limited link sent
 * to the account's own address (terms §4.7); the administrator sees every request with
 * its one-month deadline (GDPR art. 12(3)) and completes or rejects it. Every write and
 * the email it causes happen in one transaction.
 */
export interface RequestDeps {
	db: Db;
	clock: Clock;
	files: FileStore;
	mail: Pick<Mailer, 'enqueue'>;
	origin: string;
	privacy: Config['privacy'];
}

/** The dependencies from the composition root's services. */
export function requestDeps(services: { db: Db; clock: Clock; files: FileStore; mail: Mailer; config: Config }): RequestDeps {
	return { db: services.db, clock: services.clock, files: services.files, mail: services.mail, origin: services.config.origin, privacy: services.config.privacy };
}

const DAY_MS = 86_400_000;

/**
 * One calendar month later (GDPR art. 12(3)), at the same time of day (UTC); when the next
 * month is shorter, its last day: 31 January → 28 or 29 February.
 */
export function addOneMonth(date: Date): Date {
	const year = date.getUTCFullYear();
	const month = date.getUTCMonth() + 1;
	const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	const result = new Date(date.getTime());
	result.setUTCDate(1);
	result.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
	return result;
}

const toLocale = (value: string | null | undefined, fallback: Locale): Locale => (value === 'pl' || value === 'en' ? value : fallback);
const fullName = (u: { givenName: string | null; familyName: string | null }) => [u.givenName, u.familyName].filter(Boolean).join(' ') || null;

/**
 * Writes one request waiting for its link and, when `to` is given, the email carrying the
 * link, in the caller's transaction. Without `to` (no account has the address) the row is
 * written all the same and simply expires: the answer and the work look the same.
 */
async function issueLink(
	tx: Tx,
	deps: RequestDeps,
	input: { kind: RequestKind; source: RequestSource; userId: string | null; email: string; locale: Locale; message: string | null; send: boolean }
) {
	const now = deps.clock.now();
	const token = randomToken();
	const row = await repo.insertRequest(tx, {
		kind: input.kind,
		status: 'awaiting_confirmation',
		source: input.source,
		userId: input.userId,
		email: input.email.toLowerCase(),
		locale: input.locale,
		message: input.message,
		tokenHash: hashToken(token),
		tokenExpiresAt: new Date(now.getTime() + deps.privacy.linkTtlMs),
		requestedAt: now,
		dueAt: addOneMonth(now)
	});
	if (input.send) {
		const url = `${deps.origin}/privacy-requests/confirm/${token}`;
		const ttlHours = Math.round(deps.privacy.linkTtlMs / 3_600_000);
		await deps.mail.enqueue(confirmationMail({ kind: input.kind, locale: input.locale, to: input.email, url, ttlHours }), tx);
	}
	return row;
}

/** Requests to `email` in the last 24 hours against PRIVACY_RATE_LIMIT_PER_HOUR; minutes to wait when over. */
async function emailLimit(deps: RequestDeps, email: string): Promise<number | null> {
	const now = deps.clock.now().getTime();
	const { n, oldest } = await repo.countRecentByEmail(deps.db, email, new Date(now - DAY_MS));
	if (n < deps.privacy.rateLimitPerHour) return null;
	return Math.max(1, Math.ceil(((oldest?.getTime() ?? now) + DAY_MS - now) / 60_000));
}

/**
 * A signed-in person asks for the deletion or export of their account (from "My data" or
 * the contact form): the link goes to the account's own address. An inquiry needs no link
 * (the session proves who asks) and is pending for the administrator at once.
 */
export async function requestForAccount(
	deps: RequestDeps,
	input: { userId: string; kind: RequestKind; source: 'profile' | 'contact_form'; message?: string | null; locale: Locale }
): Promise<{ id: string; status: RequestStatus }> {
	const user = await findUserById(deps.db, input.userId);
	if (!user) throw userNotFound();
	const locale = toLocale(user.locale, input.locale);
	if (input.kind === 'inquiry') {
		const now = deps.clock.now();
		const row = await repo.insertRequest(deps.db, {
			kind: 'inquiry',
			status: 'pending',
			source: input.source,
			userId: user.id,
			email: user.email?.toLowerCase() ?? null,
			locale,
			message: input.message ?? null,
			requestedAt: now,
			dueAt: addOneMonth(now),
			confirmedAt: now
		});
		return { id: row.id, status: row.status };
	}
	if (!user.email) throw errors.accountWithoutEmail();
	const wait = await emailLimit(deps, user.email);
	if (wait !== null) throw errors.tooManyRequests(wait);
	const row = await deps.db.transaction((tx) =>
		issueLink(tx, deps, { kind: input.kind, source: input.source, userId: user.id, email: user.email!, locale, message: null, send: true })
	);
	return { id: row.id, status: row.status };
}

/**
 * Someone who is not signed in files a request from the contact form with an address.
 * Deletion and export links go only to accounts with that address (each of them, when
 * providers share it); an inquiry's link goes to the address itself, account or not.
 * Over the per-address limit nothing is written or sent. The caller shows the same
 * answer whatever happened here: it never reveals whether the address has an account.
 */
export async function requestFromContactForm(
	deps: RequestDeps,
	input: { kind: RequestKind; email: string; message: string | null; locale: Locale }
): Promise<void> {
	const email = input.email.trim().toLowerCase();
	if ((await emailLimit(deps, email)) !== null) return;
	const accounts = await repo.findAccountsByEmail(deps.db, email);
	const message = input.kind === 'inquiry' ? input.message : null;
	await deps.db.transaction(async (tx) => {
		if (input.kind === 'inquiry' || accounts.length === 0) {
			const account = accounts[0];
			await issueLink(tx, deps, {
				kind: input.kind,
				source: 'contact_form',
				userId: account?.id ?? null,
				email,
				locale: toLocale(account?.locale, input.locale),
				message,
				send: input.kind === 'inquiry'
			});
			return;
		}
		for (const account of accounts) {
			const locale = toLocale(account.locale, input.locale);
			await issueLink(tx, deps, { kind: input.kind, source: 'contact_form', userId: account.id, email, locale, message: null, send: true });
		}
	});
}

export type LinkPreview =
	| { state: 'valid'; kind: RequestKind; accountName: string | null; expiresAt: Date }
	| { state: 'used' }
	| { state: 'expired'; kind: RequestKind }
	| { state: 'account_gone'; kind: RequestKind };

/** What following the link would do. Reads only: mail scanners open links before people do. */
export async function previewLink(deps: RequestDeps, token: string): Promise<LinkPreview> {
	const row = await repo.findByTokenHash(deps.db, hashToken(token));
	if (!row || row.status !== 'awaiting_confirmation' || !row.tokenExpiresAt) return { state: 'used' };
	if (row.tokenExpiresAt <= deps.clock.now()) return { state: 'expired', kind: row.kind };
	if (row.kind === 'inquiry') return { state: 'valid', kind: row.kind, accountName: null, expiresAt: row.tokenExpiresAt };
	const user = row.userId ? await findUserById(deps.db, row.userId) : undefined;
	if (!user) return { state: 'account_gone', kind: row.kind };
	return { state: 'valid', kind: row.kind, accountName: fullName(user), expiresAt: row.tokenExpiresAt };
}

/**
 * Why a link found nothing to claim: an expired link closes its request as expired
 * (link_expired); a request whose account is gone is closed (account_gone); anything
 * else was used or never issued (link_used).
 */
async function refuse(deps: RequestDeps, tokenHash: string): Promise<never> {
	const row = await repo.findByTokenHash(deps.db, tokenHash);
	const now = deps.clock.now();
	if (row?.status === 'awaiting_confirmation' && row.tokenExpiresAt && row.tokenExpiresAt <= now) {
		await repo.closeRequest(deps.db, row.id, { status: 'expired', closedAt: now }, ['awaiting_confirmation']);
		throw errors.linkExpired();
	}
	throw errors.linkUsed();
}

/** Closes a claimed request whose account no longer exists. */
async function closeGone(tx: DbOrTx, id: string, now: Date): Promise<'account_gone'> {
	await repo.closeRequest(tx, id, { status: 'rejected', closedAt: now }, ['processing']);
	return 'account_gone';
}

/**
 * The person follows the link and confirms (POST). Single use is enforced by the
 * database: the claim changes the row only while it waits for this token. A deletion
 * erases the account in the same transaction; an inquiry becomes pending for the admin.
 * Exports are confirmed by confirmExport (they answer with the archive).
 */
export async function confirmLink(deps: RequestDeps, token: string): Promise<{ outcome: 'deleted'; userId: string } | { outcome: 'inquiry_confirmed' }> {
	const tokenHash = hashToken(token);
	const kind = (await repo.findByTokenHash(deps.db, tokenHash))?.kind;
	if (kind === 'export') throw errors.linkUsed();
	const result = await deps.db.transaction(async (tx) => {
		const now = deps.clock.now();
		const row = await repo.claimByToken(tx, tokenHash, now, kind === 'inquiry' ? 'pending' : 'processing');
		if (!row) return null;
		if (row.kind === 'inquiry') return { outcome: 'inquiry_confirmed' as const };
		if (!row.userId) return closeGone(tx, row.id, now);
		await eraseWithRequest(tx, deps, { requestId: row.id, userId: row.userId, actorId: null, reason: null });
		await repo.closeRequest(tx, row.id, { status: 'completed', closedAt: now }, ['processing']);
		return { outcome: 'deleted' as const, userId: row.userId };
	});
	if (result === null) return refuse(deps, tokenHash);
	if (result === 'account_gone') throw errors.accountGone();
	return result;
}

/**
 * Confirms an export link: builds the archive first (reads only), then claims the request
 * and closes it as completed. Of two concurrent posts only one gets the archive; if the
 * build fails, nothing changed and the link still works.
 */
export async function confirmExport(
	deps: RequestDeps,
	token: string,
	build: (userId: string) => Promise<Uint8Array>
): Promise<{ archive: Uint8Array; userId: string }> {
	const tokenHash = hashToken(token);
	const preview = await previewLink(deps, token);
	const row = await repo.findByTokenHash(deps.db, tokenHash);
	if (preview.state === 'account_gone' && row) {
		await deps.db.transaction(async (tx) => {
			if (await repo.claimByToken(tx, tokenHash, deps.clock.now(), 'processing')) await closeGone(tx, row.id, deps.clock.now());
		});
		throw errors.accountGone();
	}
	if (preview.state !== 'valid' || !row || row.kind !== 'export' || !row.userId) return refuse(deps, tokenHash);
	const userId = row.userId;
	const archive = await build(userId);
	const claimed = await deps.db.transaction(async (tx) => {
		const now = deps.clock.now();
		const claim = await repo.claimByToken(tx, tokenHash, now, 'processing');
		if (!claim) return false;
		await repo.closeRequest(tx, claim.id, { status: 'completed', closedAt: now }, ['processing']);
		return true;
	});
	if (!claimed) return refuse(deps, tokenHash);
	return { archive, userId };
}

/**
 * Erases the account inside `tx`: the person's other open requests are closed first
 * (their purpose is gone), then every domain erases its part (privacy.service.ts).
 */
async function eraseWithRequest(tx: Tx, deps: RequestDeps, input: { requestId: string; userId: string; actorId: string | null; reason: string | null }) {
	const user = await findUserById(tx, input.userId);
	await repo.closeRequestsOfAccount(tx, { userId: input.userId, email: user?.email ?? null, exceptId: input.requestId, now: deps.clock.now() });
	await eraseAccount(deps, { userId: input.userId, actorId: input.actorId, reason: input.reason, requestId: input.requestId }, tx);
}

// --- The administrator's side: cases ---

const statusFilter = (status: RequestListQuery['status']): RequestStatus[] =>
	status === 'open' ? repo.openStatuses : status === 'all' ? [] : [status];

/** One page of the case list, by deadline. `hasNext` from one row more than shown. */
export async function listCases(db: DbOrTx, query: RequestListQuery, pageSize: number) {
	const rows = await repo.listRequests(db, {
		statuses: statusFilter(query.status),
		kinds: query.kind === 'all' ? [] : [query.kind],
		limit: pageSize + 1,
		offset: (query.page - 1) * pageSize
	});
	return { rows: rows.slice(0, pageSize), hasNext: rows.length > pageSize };
}

/** A case with its account (name only) and history. The requester's address only while it is open. */
export async function getCase(db: DbOrTx, id: string) {
	const row = await repo.findRequest(db, id);
	if (!row) throw errors.requestNotFound();
	const account = row.userId ? await findUserById(db, row.userId) : undefined;
	const history = await repo.auditOfRequest(db, id);
	return {
		request: row,
		account: account ? { id: account.id, name: fullName(account), email: account.email } : null,
		history
	};
}

/** Where the outcome email goes: the address the request was confirmed from, else the account's. */
async function outcomeAddress(tx: DbOrTx, row: repo.RequestRow): Promise<string | null> {
	if (row.email) return row.email;
	if (!row.userId) return null;
	return (await findUserById(tx, row.userId))?.email ?? null;
}

async function closeByAdmin(
	deps: RequestDeps,
	input: { id: string; adminId: string; outcome: 'completed' | 'rejected'; resolution: string | null; from: RequestStatus[] }
) {
	return deps.db.transaction(async (tx) => {
		const before = await repo.findRequest(tx, input.id);
		if (!before) throw errors.requestNotFound();
		const to = await outcomeAddress(tx, before);
		const now = deps.clock.now();
		const closed = await repo.closeRequest(tx, input.id, { status: input.outcome, closedAt: now, handledBy: input.adminId, resolution: input.resolution }, input.from);
		if (!closed) throw errors.requestNotOpen(before.status);
		await appendAudit(tx, {
			at: now,
			actorId: input.adminId,
			action: input.outcome === 'completed' ? 'privacy.request_completed' : 'privacy.request_rejected',
			targetType: 'privacy_request',
			targetId: input.id,
			details: { kind: closed.kind, source: closed.source }
		});
		if (to) {
			const contactUrl = `${deps.origin}/contact`;
			await deps.mail.enqueue(outcomeMail({ kind: closed.kind, outcome: input.outcome, locale: closed.locale, to, resolution: input.resolution, contactUrl }), tx);
		}
		return closed;
	});
}

/** The administrator answered an inquiry or sent an export: the case is completed with their note. */
export function completeRequest(deps: RequestDeps, input: { id: string; adminId: string; note: string | null }) {
	return closeByAdmin(deps, { id: input.id, adminId: input.adminId, outcome: 'completed', resolution: input.note || null, from: ['pending', 'processing'] });
}

/** The administrator refuses the request, with a reason the requester is sent. */
export function rejectRequest(deps: RequestDeps, input: { id: string; adminId: string; reason: string }) {
	return closeByAdmin(deps, { id: input.id, adminId: input.adminId, outcome: 'rejected', resolution: input.reason, from: repo.openStatuses });
}

/**
 * A deletion the person confirmed that did not finish (left pending or processing): the
 * administrator runs the erasure again. An account already gone just closes the case.
 */
export async function retryDeletion(deps: RequestDeps, input: { id: string; adminId: string }) {
	return deps.db.transaction(async (tx) => {
		const row = await repo.findRequest(tx, input.id);
		if (!row) throw errors.requestNotFound();
		if (row.kind !== 'deletion' || !row.confirmedAt || (row.status !== 'pending' && row.status !== 'processing')) throw errors.requestNotOpen(row.status);
		if (row.userId) await eraseWithRequest(tx, deps, { requestId: row.id, userId: row.userId, actorId: input.adminId, reason: null });
		const now = deps.clock.now();
		const closed = await repo.closeRequest(tx, row.id, { status: 'completed', closedAt: now, handledBy: input.adminId }, ['pending', 'processing']);
		if (!closed) throw errors.requestNotOpen(row.status);
		await appendAudit(tx, {
			at: now,
			actorId: input.adminId,
			action: 'privacy.request_completed',
			targetType: 'privacy_request',
			targetId: row.id,
			details: { kind: row.kind, source: row.source, retried: true }
		});
		return closed;
	});
}

/**
 * An administrator deletes an account, with a reason (kept in the audit entry that
 * eraseAccount writes). The case is recorded as a deletion from source `admin`. The person
 * is told by email; that message is enqueued after the erasure (which deletes all mail to
 * the address), so their address stays in mail_outbox until MAIL_RETENTION_DAYS after
 * it is sent: the one trace kept on purpose, to deliver the notice.
 */
export async function deleteAccountByAdmin(deps: RequestDeps, input: { userId: string; adminId: string; reason: string }) {
	if (input.userId === input.adminId) throw errors.cannotDeleteSelf();
	return deps.db.transaction(async (tx) => {
		const user = await findUserById(tx, input.userId);
		if (!user) throw userNotFound();
		const now = deps.clock.now();
		const request = await repo.insertRequest(tx, {
			kind: 'deletion',
			status: 'processing',
			source: 'admin',
			userId: user.id,
			locale: toLocale(user.locale, 'pl'),
			requestedAt: now,
			dueAt: addOneMonth(now),
			confirmedAt: now,
			handledBy: input.adminId
		});
		await eraseWithRequest(tx, deps, { requestId: request.id, userId: user.id, actorId: input.adminId, reason: input.reason });
		await repo.closeRequest(tx, request.id, { status: 'completed', closedAt: now, handledBy: input.adminId }, ['processing']);
		if (user.email) {
			const mail = deletedByAdminMail({ locale: toLocale(user.locale, 'pl'), to: user.email, reason: input.reason, contactEmail: deps.privacy.contactEmail });
			await deps.mail.enqueue(mail, tx);
		}
		return { requestId: request.id };
	});
}

export interface RequestSummary {
	id: string;
	kind: RequestKind;
	status: RequestStatus;
	requestedAt: Date;
	dueAt: Date;
	closedAt: Date | null;
	resolution: string | null;
}

/** The person's own requests, newest first (shown on "My data"). */
export async function listRequestsOfUser(db: DbOrTx, userId: string): Promise<RequestSummary[]> {
	return db
		.select({
			id: privacyRequests.id,
			kind: privacyRequests.kind,
			status: privacyRequests.status,
			requestedAt: privacyRequests.requestedAt,
			dueAt: privacyRequests.dueAt,
			closedAt: privacyRequests.closedAt,
			resolution: privacyRequests.resolution
		})
		.from(privacyRequests)
		.where(eq(privacyRequests.userId, userId))
		.orderBy(desc(privacyRequests.requestedAt))
		.limit(100);
}
