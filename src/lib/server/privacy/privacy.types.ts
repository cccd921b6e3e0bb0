import type { DbOrTx, Tx } from '../db/client';

/**
 * What one domain declares about the personal data it holds, as Moodle's privacy
 * providers do. The registry (privacy.registry.ts) builds the "My data" page, the export
 * and the erasure from these declarations; privacy.registry.test.ts fails when a table
 * with a column referencing users.id is not declared by some provider.
 */
export interface PersonalDataDeclaration {
	/** SQL table name, e.g. `enrolments`. */
	table: string;
	/** Every column of the table that references users.id (checked against the schema). */
	userColumns: string[];
	/** What the rows hold about the person, in words (shown on the "My data" page). */
	fields: string[];
	/** Why it is kept. */
	purpose: string;
	/**
	 * What account deletion does to the rows: `deleted`; `anonymised` (kept without the
	 * link to the person, e.g. posts shown as "deleted user"); `unlinked` (a reference to
	 * an actor, set to null, e.g. who granted a role).
	 */
	erasure: 'deleted' | 'anonymised' | 'unlinked';
	/** How long the rows are kept, when a retention period applies. */
	retention?: string;
}

/** A stored file that belongs in the person's export ZIP (avatar, certificates). */
export interface ExportFile {
	/** Path inside the ZIP, e.g. `avatar.png`, `certificates/abc.pdf`. */
	path: string;
	/** Id of the row in `files`. */
	fileId: string;
}

export interface PrivacyProvider {
	/** The domain's name, the key of its part of the export (e.g. `courses`). */
	domain: string;
	declarations: PersonalDataDeclaration[];
	/** Everything the domain holds about the person, as plain JSON-able data. */
	export(db: DbOrTx, userId: string): Promise<{ data: Record<string, unknown>; files?: ExportFile[] }>;
	/** Deletes or anonymises it; runs inside the one transaction of the account deletion. */
	erase(tx: Tx, userId: string): Promise<void>;
}
