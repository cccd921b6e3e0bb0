import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import type { Clock } from '../platform/clock';
import { renderMarkdown } from '../platform/markdown';
import { appendAudit } from '../admin/admin.repository';
import type { Locale } from '../../i18n/index';
import * as repo from './legal.repository';
import type { DocumentContent, LegalDocumentRow } from './legal.repository';
import { acceptanceRequired, changeNoteRequired, documentNotFound, noDraft, publishConflict, versionChanged } from './legal.errors';
import { documentKinds, type DocumentKind, type ProcessingPurpose } from './legal.tables';

type Deps = { db: Db; clock: Clock };

/**
 * Kinds of document whose latest published version the person has not accepted yet.
 * Read at every request of a signed-in person (the consent gate): one indexed query.
 */
export async function pendingDocuments(db: DbOrTx, userId: string): Promise<DocumentKind[]> {
	const rows = await db.execute<{ kind: DocumentKind }>(sql`
		select d.kind from (
			select kind, max(version) as version from legal_documents where published_at is not null group by kind
		) d
		where not exists (
			select 1 from document_acceptances a where a.user_id = ${userId} and a.kind = d.kind and a.version = d.version
		)
		order by d.kind`);
	return (Array.isArray(rows) ? rows : (rows as { rows: { kind: DocumentKind }[] }).rows).map((r) => r.kind);
}

// ---------------------------------------------------------------- reading

/** A published version in the reader's language, its Markdown rendered safe for {@html}. */
export interface DocumentView {
	kind: DocumentKind;
	version: number;
	title: string;
	html: string;
	changeNote: string;
	publishedAt: Date;
}

export function viewDocument(row: LegalDocumentRow, locale: Locale): DocumentView {
	const english = locale === 'en';
	return {
		kind: row.kind,
		version: row.version ?? 0,
		title: english ? row.titleEn : row.titlePl,
		html: renderMarkdown(english ? row.bodyEn : row.bodyPl),
		changeNote: row.changeNote,
		publishedAt: row.publishedAt ?? row.createdAt
	};
}

/** The current published version of `kind`; not found before the first publication. */
export async function currentDocument(db: DbOrTx, kind: DocumentKind): Promise<LegalDocumentRow> {
	const row = await repo.findCurrent(db, kind);
	if (!row) throw documentNotFound();
	return row;
}

/** Published version `version` of `kind`; drafts and unknown numbers are not found. */
export async function documentVersion(db: DbOrTx, kind: DocumentKind, version: number): Promise<LegalDocumentRow> {
	const row = Number.isSafeInteger(version) && version > 0 ? await repo.findVersion(db, kind, version) : undefined;
	if (!row) throw documentNotFound();
	return row;
}

export const VERSIONS_PAGE_SIZE = 20;

/** One page (from 1) of the published versions of `kind`, newest first: the version lists of the public and admin pages. */
export async function listVersions(db: DbOrTx, kind: DocumentKind, page = 1) {
	const rows = await repo.listVersions(db, kind, { limit: VERSIONS_PAGE_SIZE + 1, offset: (page - 1) * VERSIONS_PAGE_SIZE });
	const versions = rows.slice(0, VERSIONS_PAGE_SIZE).map((r) => ({
		version: r.version ?? 0,
		titlePl: r.titlePl,
		titleEn: r.titleEn,
		changeNote: r.changeNote,
		publishedAt: r.publishedAt ?? new Date(0),
		publishedBy: [r.publishedByGivenName, r.publishedByFamilyName].filter(Boolean).join(' ') || null
	}));
	return { versions, pageNo: page, hasNext: rows.length > VERSIONS_PAGE_SIZE };
}

// ---------------------------------------------------------------- drafts and publishing (admin)

/** The admin's view of one kind: its latest versions (the first is in force) and when its draft was last saved. */
export async function documentOverview(db: DbOrTx, kind: DocumentKind) {
	const [list, draft] = await Promise.all([listVersions(db, kind), repo.findDraft(db, kind)]);
	return { kind, versions: list.versions, hasMore: list.hasNext, draftSavedAt: draft?.updatedAt ?? null };
}

/**
 * What the edit page starts from: the draft when there is one, otherwise a copy of the
 * current version (with an empty change note), otherwise nothing.
 */
export async function draftOrCurrent(db: DbOrTx, kind: DocumentKind): Promise<{ source: 'draft' | 'current' | 'empty'; content: DocumentContent; updatedAt: Date | null }> {
	const draft = await repo.findDraft(db, kind);
	if (draft) return { source: 'draft', content: contentOf(draft), updatedAt: draft.updatedAt };
	const current = await repo.findCurrent(db, kind);
	if (current) return { source: 'current', content: { ...contentOf(current), changeNote: '' }, updatedAt: null };
	return { source: 'empty', content: { titlePl: '', bodyPl: '', titleEn: '', bodyEn: '', changeNote: '' }, updatedAt: null };
}

const contentOf = (row: LegalDocumentRow): DocumentContent => ({
	titlePl: row.titlePl,
	bodyPl: row.bodyPl,
	titleEn: row.titleEn,
	bodyEn: row.bodyEn,
	changeNote: row.changeNote
});

/** Creates the one draft of `kind` or replaces its content. Published versions are never touched. */
export async function saveDraft(deps: Deps, input: { kind: DocumentKind; actorId: string; content: DocumentContent }) {
	return deps.db.transaction(async (tx) => {
		const at = deps.clock.now();
		const row = await repo.upsertDraft(tx, input.kind, input.content, input.actorId, at);
		await appendAudit(tx, { at, actorId: input.actorId, action: 'legal.draft_saved', targetType: 'legal_document', targetId: input.kind });
		return row;
	});
}

/** Drops the draft of `kind`; the published versions stay as they are. */
export async function discardDraft(deps: Deps, input: { kind: DocumentKind; actorId: string }) {
	await deps.db.transaction(async (tx) => {
		if ((await repo.deleteDraft(tx, input.kind)) === 0) throw noDraft();
		await appendAudit(tx, { at: deps.clock.now(), actorId: input.actorId, action: 'legal.draft_discarded', targetType: 'legal_document', targetId: input.kind });
	});
}

const isUniqueViolation = (cause: unknown) => {
	const e = cause as { code?: string; cause?: { code?: string } };
	return e?.code === '23505' || e?.cause?.code === '23505';
};

/**
 * Publishes the draft of `kind` (first replaced by `content` when given, in the same
 * transaction) as the next version (1, 2, …). The draft row is locked
 * for the transaction, so of two admins publishing at once one wins and the other finds
 * no draft; the unique index on (kind, version) refuses any duplicate number that would
 * slip past. Everyone has to accept the new version at their next request.
 */
export async function publishDraft(deps: Deps, input: { kind: DocumentKind; actorId: string; content?: DocumentContent }): Promise<{ version: number }> {
	try {
		return await deps.db.transaction(async (tx) => {
			if (input.content) await repo.upsertDraft(tx, input.kind, input.content, input.actorId, deps.clock.now());
			const draft = await repo.findDraft(tx, input.kind, { lock: true });
			if (!draft) throw noDraft();
			const changeNote = draft.changeNote.trim();
			if (changeNote.length < 3 || changeNote.length > 1000) throw changeNoteRequired();
			const version = (await repo.maxVersion(tx, input.kind)) + 1;
			const at = deps.clock.now();
			if (!(await repo.markPublished(tx, draft.id, { version, by: input.actorId, at, changeNote }))) throw noDraft();
			await appendAudit(tx, {
				at,
				actorId: input.actorId,
				action: 'legal.document_published',
				targetType: 'legal_document',
				targetId: input.kind,
				details: { kind: input.kind, version }
			});
			return { version };
		});
	} catch (cause) {
		if (isUniqueViolation(cause)) throw publishConflict();
		throw cause;
	}
}

// ---------------------------------------------------------------- acceptance

export interface PendingDocument {
	kind: DocumentKind;
	version: number;
	title: string;
	changeNote: string;
	publishedAt: Date;
	/** True when the person accepted an earlier version: a new version, not a first acceptance. */
	updated: boolean;
	html: string;
}

/** What the consent page shows: the documents the person must (re)accept, in the reader's language. */
export async function consentPage(db: DbOrTx, input: { userId: string; locale: Locale }): Promise<{ pending: PendingDocument[]; firstTime: boolean }> {
	const kinds = await pendingDocuments(db, input.userId);
	if (kinds.length === 0) return { pending: [], firstTime: false };
	const [current, accepted] = await Promise.all([repo.findCurrentAll(db), repo.acceptedKinds(db, input.userId)]);
	const pending = current
		.filter((row) => kinds.includes(row.kind))
		.sort((a, b) => documentKinds.indexOf(a.kind) - documentKinds.indexOf(b.kind))
		.map((row) => ({ ...viewDocument(row, input.locale), updated: accepted.has(row.kind) }));
	return { pending, firstTime: accepted.size === 0 };
}

/**
 * Records the person's acceptance of the documents they were shown (kind -> version), in
 * one transaction. Refused, with nothing recorded, when a pending document is missing
 * from `accepted`, or when a newer version was published after the page was shown.
 * With `ranking`, the optional ranking consent is recorded too (first login).
 */
export async function acceptDocuments(
	deps: Deps,
	input: { userId: string; accepted: Partial<Record<DocumentKind, number>>; ranking?: boolean }
): Promise<{ accepted: { kind: DocumentKind; version: number }[] }> {
	return deps.db.transaction(async (tx) => {
		const pending = await pendingDocuments(tx, input.userId);
		const current = new Map((await repo.findCurrentAll(tx)).map((row) => [row.kind, row.version ?? 0]));
		const missing = pending.filter((kind) => input.accepted[kind] === undefined);
		const stale = pending.filter((kind) => input.accepted[kind] !== undefined && input.accepted[kind] !== current.get(kind));
		if (stale.length > 0) throw versionChanged({ kinds: stale });
		if (missing.length > 0) throw acceptanceRequired({ kinds: missing });
		const at = deps.clock.now();
		const rows = pending.map((kind) => ({ userId: input.userId, kind, version: current.get(kind) ?? 0, acceptedAt: at }));
		await repo.insertAcceptances(tx, rows);
		if (input.ranking) await appendConsent(tx, { userId: input.userId, purpose: 'ranking', granted: true, now: at });
		return { accepted: rows.map(({ kind, version }) => ({ kind, version })) };
	});
}

/** The person's acceptances, newest first (the "My data" page and the export). */
export async function acceptanceHistory(db: DbOrTx, userId: string) {
	return repo.listAcceptances(db, userId);
}

// ---------------------------------------------------------------- optional processing consents

/**
 * Appends a choice to the history. `at` is kept strictly after the previous entry, so the
 * latest row is the current choice even when two choices share a clock reading.
 */
async function appendConsent(db: DbOrTx, input: { userId: string; purpose: ProcessingPurpose; granted: boolean; now: Date }) {
	const last = await repo.latestConsent(db, input.userId, input.purpose);
	const at = last && last.at >= input.now ? new Date(last.at.getTime() + 1) : input.now;
	return repo.insertConsent(db, { userId: input.userId, purpose: input.purpose, granted: input.granted, at });
}

/** Grants or withdraws consent to `purpose` (GDPR art. 7(3): at any time, as easily as given). */
export async function setConsent(deps: Deps, input: { userId: string; purpose: ProcessingPurpose; granted: boolean }) {
	return deps.db.transaction((tx) => appendConsent(tx, { ...input, now: deps.clock.now() }));
}

/**
 * Whether the person currently consents to `purpose`. Without any choice the answer is
 * false: e.g. nobody is shown by name in a course ranking until they opt in.
 */
export async function hasConsent(db: DbOrTx, userId: string, purpose: ProcessingPurpose): Promise<boolean> {
	return (await repo.latestConsent(db, userId, purpose))?.granted ?? false;
}

export const CONSENT_HISTORY_PAGE_SIZE = 20;

/** The current choice and one page of its history, newest first. */
export async function consentOverview(db: DbOrTx, input: { userId: string; purpose: ProcessingPurpose; page: number }) {
	const offset = (input.page - 1) * CONSENT_HISTORY_PAGE_SIZE;
	const [granted, history, total] = await Promise.all([
		hasConsent(db, input.userId, input.purpose),
		repo.listConsents(db, input.userId, { purpose: input.purpose, limit: CONSENT_HISTORY_PAGE_SIZE, offset }),
		repo.countConsents(db, input.userId, input.purpose)
	]);
	return { granted, history: history.map((h) => ({ granted: h.granted, at: h.at })), total, pages: Math.max(1, Math.ceil(total / CONSENT_HISTORY_PAGE_SIZE)) };
}

