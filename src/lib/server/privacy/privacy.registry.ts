import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { adminPrivacy } from '../admin/admin.privacy';
import { authPrivacy } from '../auth/auth.privacy';
import { coursesPrivacy } from '../courses/courses.privacy';
import { discussionsPrivacy } from '../discussions/discussions.privacy';
import { filesPrivacy } from '../files/files.privacy';
import { legalPrivacy } from '../legal/legal.privacy';
import { mailPrivacy } from '../mail/mail.privacy';
import { notificationsPrivacy } from '../notifications/notifications.privacy';
import { usersPrivacy } from '../users/users.privacy';
import { quizPrivacy } from '../quiz/quiz.privacy';
import { surveysPrivacy } from '../surveys/surveys.privacy';
import { privacyRequestsPrivacy } from './privacy.requests.privacy';
import type { PrivacyProvider } from './privacy.types';

/**
 * Every domain that holds personal data, in the order the account erasure runs them.
 * Content others still read (posts) is anonymised first; the providers that must still
 * read the person's name or address (notifications, mail, requests) run before the
 * `account` provider; the `users` row itself is deleted last by the erasure.
 *
 * A new domain adds its provider here; privacy.registry.test.ts fails while a table with
 * a column referencing users.id is not declared. Future domains keep statistics without
 * the person: e.g. a quizzes provider would delete attempts and answers but first add
 * the scores to per-question aggregate rows (no user column), and a certificates
 * provider would keep the certificate's number and course with `holder_erased_at` set,
 * so that verifying it answers "holder data erased", and export the PDF through `files`.
 */
export const privacyProviders: readonly PrivacyProvider[] = [
	discussionsPrivacy,
	quizPrivacy,
	surveysPrivacy,
	coursesPrivacy,
	notificationsPrivacy,
	legalPrivacy,
	authPrivacy,
	adminPrivacy,
	privacyRequestsPrivacy,
	filesPrivacy,
	mailPrivacy,
	usersPrivacy
];

/** A column referencing users.id that no provider declares, or a declaration naming nothing real. */
export interface CoverageProblem {
	table: string;
	column: string;
	problem: 'undeclared' | 'unknown_table' | 'unknown_column';
}

/**
 * Compares the providers' declarations with the schema: every column with a foreign key
 * to `users.id` (and the `users` table itself, as `id`) must be declared for its table,
 * and every declared table and column must exist.
 */
export function checkCoverage(tables: PgTable[], providers: readonly PrivacyProvider[]): CoverageProblem[] {
	const problems: CoverageProblem[] = [];
	const declared = new Map<string, Set<string>>();
	for (const d of providers.flatMap((p) => p.declarations)) {
		const set = declared.get(d.table) ?? new Set<string>();
		for (const column of d.userColumns) set.add(column);
		declared.set(d.table, set);
	}
	const configs = new Map(tables.map((table) => [getTableConfig(table).name, getTableConfig(table)]));
	for (const [name, config] of configs) {
		const userColumns = config.foreignKeys.flatMap((fk) => {
			const ref = fk.reference();
			return getTableConfig(ref.foreignTable).name === 'users' && ref.foreignColumns.some((c) => c.name === 'id') ? ref.columns.map((c) => c.name) : [];
		});
		if (name === 'users') userColumns.push('id');
		for (const column of userColumns) {
			if (!declared.get(name)?.has(column)) problems.push({ table: name, column, problem: 'undeclared' });
		}
	}
	for (const [table, columns] of declared) {
		const config = configs.get(table);
		if (!config) {
			problems.push({ table, column: '', problem: 'unknown_table' });
			continue;
		}
		for (const column of columns) {
			if (!config.columns.some((c) => c.name === column)) problems.push({ table, column, problem: 'unknown_column' });
		}
	}
	return problems;
}
