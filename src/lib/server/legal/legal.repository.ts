import { and, asc, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { users } from '../users/users.tables';
import { documentAcceptances, legalDocuments, processingConsents, type DocumentKind, type ProcessingPurpose } from './legal.tables';

export type LegalDocumentRow = typeof legalDocuments.$inferSelect;
export type DocumentContent = Pick<LegalDocumentRow, 'titlePl' | 'bodyPl' | 'titleEn' | 'bodyEn' | 'changeNote'>;
export type ProcessingConsentRow = typeof processingConsents.$inferSelect;

const published = (kind: DocumentKind) => and(eq(legalDocuments.kind, kind), isNotNull(legalDocuments.publishedAt));
const draftOf = (kind: DocumentKind) => and(eq(legalDocuments.kind, kind), isNull(legalDocuments.publishedAt));

/** The latest published version of `kind`, or undefined before the first publication. */
export async function findCurrent(db: DbOrTx, kind: DocumentKind): Promise<LegalDocumentRow | undefined> {
	const [row] = await db.select().from(legalDocuments).where(published(kind)).orderBy(desc(legalDocuments.version)).limit(1);
	return row;
}

/** The latest published version of each kind that has one. */
export async function findCurrentAll(db: DbOrTx): Promise<LegalDocumentRow[]> {
	return db
		.selectDistinctOn([legalDocuments.kind])
		.from(legalDocuments)
		.where(isNotNull(legalDocuments.publishedAt))
		.orderBy(asc(legalDocuments.kind), desc(legalDocuments.version));
}

export async function findVersion(db: DbOrTx, kind: DocumentKind, version: number): Promise<LegalDocumentRow | undefined> {
	const [row] = await db
		.select()
		.from(legalDocuments)
		.where(and(published(kind), eq(legalDocuments.version, version)))
		.limit(1);
	return row;
}

/** Published versions of `kind`, newest first, with the publisher's name (null once that account is gone). */
export async function listVersions(db: DbOrTx, kind: DocumentKind, page: { limit: number; offset: number }) {
	return db
		.select({
			version: legalDocuments.version,
			titlePl: legalDocuments.titlePl,
			titleEn: legalDocuments.titleEn,
			changeNote: legalDocuments.changeNote,
			publishedAt: legalDocuments.publishedAt,
			publishedByGivenName: users.givenName,
			publishedByFamilyName: users.familyName
		})
		.from(legalDocuments)
		.leftJoin(users, eq(users.id, legalDocuments.publishedBy))
		.where(published(kind))
		.orderBy(desc(legalDocuments.version))
		.limit(page.limit)
		.offset(page.offset);
}

export async function findDraft(db: DbOrTx, kind: DocumentKind, options: { lock?: boolean } = {}): Promise<LegalDocumentRow | undefined> {
	const query = db.select().from(legalDocuments).where(draftOf(kind)).limit(1);
	const [row] = options.lock ? await query.for('update') : await query;
	return row;
}

/** Creates the one draft of `kind`, or replaces its content when it exists (the partial unique index decides). */
export async function upsertDraft(db: DbOrTx, kind: DocumentKind, content: DocumentContent, by: string | null, at: Date) {
	const [row] = await db
		.insert(legalDocuments)
		.values({ kind, ...content, createdBy: by, createdAt: at, updatedAt: at })
		.onConflictDoUpdate({
			target: legalDocuments.kind,
			targetWhere: sql`published_at is null`,
			set: { ...content, updatedAt: at }
		})
		.returning();
	return row;
}

export async function deleteDraft(db: DbOrTx, kind: DocumentKind): Promise<number> {
	const rows = await db.delete(legalDocuments).where(draftOf(kind)).returning({ id: legalDocuments.id });
	return rows.length;
}

export async function maxVersion(db: DbOrTx, kind: DocumentKind): Promise<number> {
	const [row] = await db
		.select({ max: sql<number | null>`max(${legalDocuments.version})` })
		.from(legalDocuments)
		.where(eq(legalDocuments.kind, kind));
	return Number(row?.max ?? 0);
}

/** Freezes the draft as `version`; returns false when the row is no longer a draft. */
export async function markPublished(db: DbOrTx, id: string, input: { version: number; by: string | null; at: Date; changeNote: string }) {
	const rows = await db
		.update(legalDocuments)
		.set({ version: input.version, publishedBy: input.by, publishedAt: input.at, updatedAt: input.at, changeNote: input.changeNote })
		.where(and(eq(legalDocuments.id, id), isNull(legalDocuments.publishedAt)))
		.returning({ id: legalDocuments.id });
	return rows.length > 0;
}

/** Inserts a published version directly (the default documents); false when that version already exists. */
export async function insertPublished(db: DbOrTx, kind: DocumentKind, version: number, content: DocumentContent, at: Date) {
	const rows = await db
		.insert(legalDocuments)
		.values({ kind, version, ...content, createdAt: at, updatedAt: at, publishedAt: at })
		.onConflictDoNothing({ target: [legalDocuments.kind, legalDocuments.version] })
		.returning({ id: legalDocuments.id });
	return rows.length > 0;
}

// ---------------------------------------------------------------- acceptances

export async function insertAcceptances(db: DbOrTx, rows: { userId: string; kind: DocumentKind; version: number; acceptedAt: Date }[]) {
	if (rows.length > 0) await db.insert(documentAcceptances).values(rows).onConflictDoNothing();
}

/** Every acceptance of the person, newest first. */
export async function listAcceptances(db: DbOrTx, userId: string) {
	return db
		.select()
		.from(documentAcceptances)
		.where(eq(documentAcceptances.userId, userId))
		.orderBy(desc(documentAcceptances.acceptedAt), asc(documentAcceptances.kind));
}

/** Kinds the person has accepted some version of (first login vs a new version). */
export async function acceptedKinds(db: DbOrTx, userId: string): Promise<Set<DocumentKind>> {
	const rows = await db.selectDistinct({ kind: documentAcceptances.kind }).from(documentAcceptances).where(eq(documentAcceptances.userId, userId));
	return new Set(rows.map((r) => r.kind));
}

// ---------------------------------------------------------------- processing consents

export async function latestConsent(db: DbOrTx, userId: string, purpose: ProcessingPurpose): Promise<ProcessingConsentRow | undefined> {
	const [row] = await db
		.select()
		.from(processingConsents)
		.where(and(eq(processingConsents.userId, userId), eq(processingConsents.purpose, purpose)))
		.orderBy(desc(processingConsents.at))
		.limit(1);
	return row;
}

export async function insertConsent(db: DbOrTx, row: { userId: string; purpose: ProcessingPurpose; granted: boolean; at: Date }) {
	const [inserted] = await db.insert(processingConsents).values(row).returning();
	return inserted;
}

export async function listConsents(db: DbOrTx, userId: string, input: { purpose?: ProcessingPurpose; limit: number; offset: number }) {
	const where = input.purpose
		? and(eq(processingConsents.userId, userId), eq(processingConsents.purpose, input.purpose))
		: eq(processingConsents.userId, userId);
	return db.select().from(processingConsents).where(where).orderBy(desc(processingConsents.at)).limit(input.limit).offset(input.offset);
}

export async function countConsents(db: DbOrTx, userId: string, purpose: ProcessingPurpose): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(*)::int` })
		.from(processingConsents)
		.where(and(eq(processingConsents.userId, userId), eq(processingConsents.purpose, purpose)));
	return Number(row?.n ?? 0);
}
