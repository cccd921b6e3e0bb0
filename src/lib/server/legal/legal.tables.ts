import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.tables';

export const documentKinds = ['terms', 'privacy'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/** Optional processing a person may consent to and withdraw at any time (GDPR art. 7(3)). */
export const processingPurposes = ['ranking'] as const;
export type ProcessingPurpose = (typeof processingPurposes)[number];

/**
 * The terms of use and the privacy policy as versioned documents. A row without
 * `published_at` is the one draft of its kind; publishing freezes it and gives it the
 * next version number, after which every person must accept it again.
 */
export const legalDocuments = pgTable(
	'legal_documents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		kind: text('kind', { enum: documentKinds }).notNull(),
		/** Null while a draft; 1, 2, … once published. */
		version: integer('version'),
		titlePl: text('title_pl').notNull(),
		bodyPl: text('body_pl').notNull(),
		titleEn: text('title_en').notNull(),
		bodyEn: text('body_en').notNull(),
		/** What changed, shown with the request to accept again. */
		changeNote: text('change_note').notNull().default(''),
		createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
		publishedBy: uuid('published_by').references(() => users.id, { onDelete: 'set null' }),
		publishedAt: timestamp('published_at', { withTimezone: true })
	},
	(t) => [
		uniqueIndex('legal_documents_kind_version_key').on(t.kind, t.version),
		uniqueIndex('legal_documents_one_draft_key').on(t.kind).where(sql`published_at is null`),
		index('legal_documents_kind_idx').on(t.kind, t.publishedAt)
	]
);

/** Acceptance of one published version of a document: who, which version, when. */
export const documentAcceptances = pgTable(
	'document_acceptances',
	{
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: documentKinds }).notNull(),
		version: integer('version').notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.kind, t.version] })]
);

/** Consent to optional processing as an append-only history: the latest row per purpose is the current choice. */
export const processingConsents = pgTable(
	'processing_consents',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: text('purpose', { enum: processingPurposes }).notNull(),
		granted: boolean('granted').notNull(),
		at: timestamp('at', { withTimezone: true }).notNull()
	},
	(t) => [index('processing_consents_user_idx').on(t.userId, t.purpose, t.at)]
);
