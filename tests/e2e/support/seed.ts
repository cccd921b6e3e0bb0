import { openDatabase } from '../../../src/lib/server/db/client';
import { users } from '../../../src/lib/server/users/users.tables';
import { seedDiscussion } from './discussion-seed';
import { seedQuizzes } from './quiz-seed';
import { seedQuizReports } from './quizadmin-seed';
import { seedSurveys } from './surveys-seed';

/** Accounts with no name: they sort last (NULLS LAST), after every person who signs in. */
export const UNNAMED_ACCOUNTS = 25;

/**
 * Puts enough accounts in the fresh database, before the app starts, for the list of
 * users to need a second page. Migrates first (the app then finds nothing to do).
 */
export async function seedDatabase(input: { url?: string; dataDir: string; issuer: string }): Promise<void> {
	const database = await openDatabase(input.url ? { url: input.url, poolMax: 1 } : { dataDir: `${input.dataDir}/pglite` });
	try {
		await database.migrate();
		await database.db.insert(users).values(
			Array.from({ length: UNNAMED_ACCOUNTS }, (_, i) => ({
				issuer: 'https://seed.e2e.invalid',
				subject: `seed-${i}`,
				email: `konto-${String(i).padStart(2, '0')}@example.test`
			}))
		);
		await seedDiscussion(database.db, input.issuer);
		await seedQuizzes(database.db, input.issuer);
		await seedQuizReports(database.db, input.issuer);
		await seedSurveys(database.db, input.issuer);
	} finally {
		await database.close();
	}
}
