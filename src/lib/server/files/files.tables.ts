import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.tables';

/**
 * Uploaded files (course materials, cover images). The bytes live in file storage
 * under DATA_DIR; this row holds what was verified about them at upload.
 */
export const files = pgTable(
	'files',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		storageKey: text('storage_key').notNull().unique(),
		originalName: text('original_name').notNull(),
		/** Detected from the content (magic bytes), never taken from the browser. */
		contentType: text('content_type').notNull(),
		size: bigint('size', { mode: 'number' }).notNull(),
		sha256: text('sha256').notNull(),
		uploadedBy: uuid('uploaded_by').references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('files_uploaded_by_idx').on(t.uploadedBy)]
);
