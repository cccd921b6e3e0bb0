import type { Db, Tx } from '../db/client';
import type { Clock } from '../platform/clock';
import type { FileStore } from '../files/index';

/**
 * Account erasure and data export, built from the privacy providers' declarations
 * (privacy.registry.ts). STUB: to be implemented (issue 4).
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
 */
export async function eraseAccount(
	_deps: PrivacyDeps,
	_input: { userId: string; actorId: string | null; reason: string | null; requestId?: string | null },
	_tx?: Tx
): Promise<void> {
	throw new Error('eraseAccount: not implemented yet');
}

/** The person's data export: a ZIP with data.json (every domain's part), README.txt, and their files (avatar, certificates). */
export async function buildExportZip(_deps: PrivacyDeps, _userId: string): Promise<Uint8Array> {
	throw new Error('buildExportZip: not implemented yet');
}
