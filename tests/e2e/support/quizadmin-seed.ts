import type { Db } from '../../../src/lib/server/db/client';

/**
 * Data of the quizadmin journeys, written before the app starts (global setup). Accounts are
 * keyed by the development provider's issuer and their subject (see discussion-seed.ts).
 */
export async function seedQuizReports(db: Db, issuer: string): Promise<void> {
	void db;
	void issuer;
}
