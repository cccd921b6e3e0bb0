import { and, count, eq, gte } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../db/client';
import type { Clock } from '../platform/clock';
import { detectContentType, type FileStore } from '../files/index';
import { files } from '../files/files.tables';
import { appendAudit } from '../admin/admin.repository';
import { users } from '../users/users.tables';
import { userNotFound } from '../users/users.errors';
import { AppError } from '../errors';
import { usersPrivacy } from '../users/users.privacy';
import { authPrivacy } from '../auth/auth.privacy';
import { coursesPrivacy } from '../courses/courses.privacy';
import { discussionsPrivacy } from '../discussions/discussions.privacy';
import { notificationsPrivacy } from '../notifications/notifications.privacy';
import { legalPrivacy } from '../legal/legal.privacy';
import { privacyProviders } from './privacy.registry';
import { addOneMonth, listRequestsOfUser } from './privacy.requests.service';
import { privacyRequests } from './privacy.tables';
import type { ExportFile, PersonalDataDeclaration } from './privacy.types';

/**
 * Account erasure, data export and rectification, built from the privacy providers'
 * declarations (privacy.registry.ts).
 */
export interface PrivacyDeps {
	db: Db;
	clock: Clock;
	files: FileStore;
}

/**
 * Deletes the account and erases or anonymises everything every domain holds about the
 * person, in one transaction (`tx` given: inside the caller's). Ends all sessions and
 * appends an audit entry `users.deleted` without personal data (actor, reason, request id).
 * The avatar's bytes are removed once the rows are gone (inside a caller's transaction:
 * right away, as the caller commits after this returns).
 */
export async function eraseAccount(
	deps: PrivacyDeps,
	input: { userId: string; actorId: string | null; reason: string | null; requestId?: string | null },
	tx?: Tx
): Promise<void> {
	const run = async (t: Tx) => {
		const [user] = await t.select({ id: users.id, avatarFileId: users.avatarFileId }).from(users).where(eq(users.id, input.userId)).for('update');
		if (!user) throw userNotFound();
		const [avatar] = user.avatarFileId ? await t.select({ storageKey: files.storageKey }).from(files).where(eq(files.id, user.avatarFileId)) : [];
		for (const provider of privacyProviders) await provider.erase(t, input.userId);
		await t.delete(users).where(eq(users.id, input.userId));
		await appendAudit(t, {
			at: deps.clock.now(),
			actorId: input.actorId === input.userId ? null : input.actorId,
			action: 'users.deleted',
			targetType: 'user',
			targetId: null,
			reason: input.reason,
			details: { requestId: input.requestId ?? null }
		});
		return avatar?.storageKey;
	};
	const storageKey = tx ? await run(tx) : await deps.db.transaction(run);
	if (storageKey) await deps.files.removeBytes(storageKey);
}

/** Every domain's part of the person's data, with the declarations saying what it is for and how long it is kept. */
export async function collectPersonalData(db: DbOrTx, userId: string) {
	const parts: { domain: string; declarations: PersonalDataDeclaration[]; data: Record<string, unknown>; files: ExportFile[] }[] = [];
	for (const provider of privacyProviders) {
		const { data, files: own = [] } = await provider.export(db, userId);
		parts.push({ domain: provider.domain, declarations: provider.declarations, data, files: own });
	}
	return parts;
}

const extensionOf: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif', 'application/pdf': 'pdf' };

const README = `Eksport Twoich danych osobowych / Export of your personal data
==============================================================

PL
data.json    – wszystkie dane, które platforma przechowuje o Tobie, w formacie JSON
               (format "wzp-export/1"): konto (imię, nazwisko, e-mail, role),
               dostęp (adresy IP i daty dostępu, sesje), kursy (zapisy, ukończenia,
               daty dostępu), dyskusje (Twoje wpisy), powiadomienia, zgody
               i akceptacje regulaminu, wnioski dotyczące danych osobowych.
               Daty są zapisane w UTC w formacie ISO 8601.
avatar.*     – Twoje zdjęcie profilowe, jeśli je przesłałeś/przesłałaś.
Dane innych osób (np. kto moderował Twój wpis) nie są ujęte.
Na stronie „Moje dane” możesz poprawić dane, wycofać zgody lub usunąć konto.

EN
data.json    – everything the platform holds about you, as JSON ("wzp-export/1"):
               account (names, email, roles), access (IP addresses and access dates,
               sessions), courses (enrolments, completions, access dates), discussions
               (your posts), notifications, consents and acceptances of the terms,
               privacy requests. Dates are UTC, ISO 8601.
avatar.*     – your profile picture, if you uploaded one.
Other people's data (e.g. who moderated your post) is not included.
On the "My data" page you can correct your data, withdraw consent or delete your account.
`;

/** The person's data export: a ZIP with data.json (every domain's part), README.txt, and their files (avatar, certificates). */
export async function buildExportZip(deps: PrivacyDeps, userId: string): Promise<Uint8Array> {
	const parts = await collectPersonalData(deps.db, userId);
	const entries: Record<string, Uint8Array> = {};
	for (const file of parts.flatMap((p) => p.files)) {
		const { row, stream } = await deps.files.readFile(file.fileId);
		const chunks: Buffer[] = [];
		for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
		const ext = extensionOf[row.contentType];
		entries[ext && !file.path.includes('.') ? `${file.path}.${ext}` : file.path] = new Uint8Array(Buffer.concat(chunks));
	}
	const document: Record<string, unknown> = { exportedAt: deps.clock.now().toISOString(), format: 'wzp-export/1' };
	for (const part of parts) document[part.domain] = part.data;
	entries['data.json'] = strToU8(JSON.stringify(document, null, 2));
	entries['README.txt'] = strToU8(README);
	return zipSync(entries, { level: 6, mtime: deps.clock.now() });
}

/** Downloads of the export allowed per person and hour. */
export const EXPORT_LIMIT_PER_HOUR = 10;

/**
 * Records a download of the export as a completed export request (the person sees it
 * among their requests, the administrator among all), refusing with
 * `privacy.export_rate_limited` (429) after EXPORT_LIMIT_PER_HOUR in the last hour.
 */
export async function recordExport(deps: { db: Db; clock: Clock }, input: { userId: string; locale: 'pl' | 'en' }) {
	const now = deps.clock.now();
	await deps.db.transaction(async (tx) => {
		const [recent] = await tx
			.select({ n: count() })
			.from(privacyRequests)
			.where(and(eq(privacyRequests.userId, input.userId), eq(privacyRequests.kind, 'export'), gte(privacyRequests.requestedAt, new Date(now.getTime() - 3_600_000))));
		if (Number(recent?.n ?? 0) >= EXPORT_LIMIT_PER_HOUR) throw new AppError('privacy.export_rate_limited', 429);
		const dueAt = addOneMonth(now);
		await tx.insert(privacyRequests).values({
			kind: 'export',
			status: 'completed',
			source: 'profile',
			userId: input.userId,
			locale: input.locale,
			requestedAt: now,
			dueAt,
			confirmedAt: now,
			closedAt: now
		});
	});
}

// --- Rectification (GDPR art. 16): names and avatar, where the sign-in provider does not own them.

const name = z
	.string()
	.trim()
	// eslint-disable-next-line no-control-regex
	.refine((v) => !/[\u0000-\u001f\u007f<>]/.test(v), 'invalid')
	.pipe(z.string().max(100, 'too_long'));

/** The profile form: names may be empty (a person may give only one). */
export const profileNamesSchema = z.object({ givenName: name, familyName: name });

/** Largest avatar accepted. */
export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;
const avatarTypes = new Set(['image/png', 'image/jpeg', 'image/webp']);

const fieldManaged = (field: string) => new AppError('privacy.field_managed', 409, `${field} is managed by the sign-in provider`, { field });

/** Changes the names that the sign-in provider does not manage; a managed one is refused with `privacy.field_managed` (409). */
export async function updateNames(deps: { db: Db; clock: Clock }, input: { userId: string; givenName: string; familyName: string }) {
	await deps.db.transaction(async (tx) => {
		const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
		if (!user) throw userNotFound();
		const givenName = input.givenName || null;
		const familyName = input.familyName || null;
		if (user.managedFields.includes('given_name') && givenName !== user.givenName) throw fieldManaged('given_name');
		if (user.managedFields.includes('family_name') && familyName !== user.familyName) throw fieldManaged('family_name');
		await tx.update(users).set({ givenName, familyName, updatedAt: deps.clock.now() }).where(eq(users.id, input.userId));
	});
}

/**
 * Replaces the avatar with an uploaded PNG, JPEG or WebP of at most 2 MB (type decided by
 * the magic bytes): `privacy.avatar_too_large` (413), `privacy.avatar_type` (415),
 * `privacy.field_managed` (409) when the provider owns the picture. The old file goes.
 */
export async function setAvatar(deps: PrivacyDeps, input: { userId: string; bytes: Uint8Array; originalName: string }) {
	if (input.bytes.byteLength === 0) throw new AppError('privacy.avatar_missing', 400);
	if (input.bytes.byteLength > MAX_AVATAR_BYTES) throw new AppError('privacy.avatar_too_large', 413);
	const type = detectContentType(input.bytes, input.originalName);
	if (!type || !avatarTypes.has(type)) throw new AppError('privacy.avatar_type', 415);
	let stored: string | undefined;
	let old: string | undefined;
	try {
		old = await deps.db.transaction(async (tx) => {
			const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
			if (!user) throw userNotFound();
			if (user.managedFields.includes('picture')) throw fieldManaged('picture');
			const row = await deps.files.storeFile({ bytes: input.bytes, originalName: `avatar.${extensionOf[type]}`, uploadedBy: input.userId }, tx);
			stored = row.storageKey;
			await tx.update(users).set({ avatarFileId: row.id, updatedAt: deps.clock.now() }).where(eq(users.id, input.userId));
			return user.avatarFileId ? deleteFileRow(tx, user.avatarFileId) : undefined;
		});
	} catch (error) {
		if (stored) await deps.files.removeBytes(stored);
		throw error;
	}
	if (old) await deps.files.removeBytes(old);
}

/** Removes the uploaded avatar (row and bytes). */
export async function removeAvatar(deps: PrivacyDeps, input: { userId: string }) {
	const old = await deps.db.transaction(async (tx) => {
		const [user] = await tx.select().from(users).where(eq(users.id, input.userId)).for('update');
		if (!user) throw userNotFound();
		if (!user.avatarFileId) return undefined;
		await tx.update(users).set({ avatarFileId: null, updatedAt: deps.clock.now() }).where(eq(users.id, input.userId));
		return deleteFileRow(tx, user.avatarFileId);
	});
	if (old) await deps.files.removeBytes(old);
}

async function deleteFileRow(tx: Tx, fileId: string): Promise<string | undefined> {
	const [row] = await tx.delete(files).where(eq(files.id, fileId)).returning({ storageKey: files.storageKey });
	return row?.storageKey;
}

// --- The "My data" page.

/** The order the "My data" page describes the domains in: the account first. */
const catalogueOrder = ['account', 'access', 'courses', 'discussions', 'notifications', 'consents', 'requests', 'files', 'mail', 'audit'];

/** Rows per page of the longer lists on the "My data" page. */
export const MY_DATA_PAGE_SIZE = 20;

function pageOf<T>(rows: T[], page: number) {
	const pages = Math.max(1, Math.ceil(rows.length / MY_DATA_PAGE_SIZE));
	const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
	return { rows: rows.slice((current - 1) * MY_DATA_PAGE_SIZE, current * MY_DATA_PAGE_SIZE), page: current, pages, total: rows.length };
}

/**
 * What the "My data" page shows: every domain's part of the person's data, shaped for
 * reading (the access log and posts one page at a time), their requests, and the
 * declarations saying what each table holds, why, and what deletion does to it.
 */
export async function myDataOverview(db: Db, userId: string, pages: { access: number; posts: number }) {
	const account = (await usersPrivacy.export(db, userId)).data;
	const access = (await authPrivacy.export(db, userId)).data;
	const learning = (await coursesPrivacy.export(db, userId)).data;
	const discussions = (await discussionsPrivacy.export(db, userId)).data;
	const notices = (await notificationsPrivacy.export(db, userId)).data;
	const consents = (await legalPrivacy.export(db, userId)).data;
	const courses = learning.enrolments.map((e) => {
		const seen = learning.courseAccess.find((a) => a.slug === e.slug);
		return { ...e, firstAccessAt: seen?.firstAccessAt ?? null, lastAccessAt: seen?.lastAccessAt ?? null, completed: learning.completions.filter((c) => c.slug === e.slug).length };
	});
	return {
		account,
		access: { ...pageOf(access.accessLog, pages.access), sessions: access.sessions.length },
		courses,
		teaching: learning.teaching.length,
		posts: pageOf(discussions.posts.slice().reverse(), pages.posts),
		notifications: { count: notices.notifications.length, preferences: notices.preferences.length },
		consents,
		requests: await listRequestsOfUser(db, userId),
		catalogue: [...privacyProviders]
			.sort((x, y) => catalogueOrder.indexOf(x.domain) - catalogueOrder.indexOf(y.domain))
			.flatMap((p) => p.declarations.map((d) => ({ table: d.table, erasure: d.erasure })))
	};
}
