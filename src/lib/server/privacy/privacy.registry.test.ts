import { describe, expect, it } from 'vitest';
import { is } from 'drizzle-orm';
import { PgTable, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import * as schema from '../db/schema';
import { users } from '../users/users.tables';
import { pl } from '../../i18n/pl';
import { en } from '../../i18n/en';
import { checkCoverage, privacyProviders } from './privacy.registry';
import type { PrivacyProvider } from './privacy.types';

const schemaTables: PgTable[] = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));

const provider = (declarations: PrivacyProvider['declarations']): PrivacyProvider => ({
	domain: 'test',
	declarations,
	export: async () => ({ data: {} }),
	erase: async () => {}
});

describe('privacy registry', () => {
	it('declares every column of every table that references users.id, and the users table itself', () => {
		expect(schemaTables.length).toBeGreaterThan(20);
		const problems = checkCoverage(schemaTables, privacyProviders);
		expect(problems.map((p) => `${p.problem}: ${p.table}.${p.column}`)).toEqual([]);
	});

	it('reports a table with an undeclared reference to a user, naming the table and the column', () => {
		const quizAttempts = pgTable('quiz_attempts', {
			id: uuid('id').primaryKey(),
			userId: uuid('user_id').references(() => users.id),
			gradedBy: uuid('graded_by').references(() => users.id),
			note: text('note')
		});
		const problems = checkCoverage([...schemaTables, quizAttempts], [...privacyProviders, provider([{ table: 'quiz_attempts', userColumns: ['user_id'], fields: [], purpose: '', erasure: 'deleted' }])]);
		expect(problems).toEqual([{ table: 'quiz_attempts', column: 'graded_by', problem: 'undeclared' }]);
		expect(checkCoverage([users], [])).toEqual([{ table: 'users', column: 'id', problem: 'undeclared' }]);
	});

	it('reports declarations naming a table or a column that does not exist', () => {
		const problems = checkCoverage(schemaTables, [
			...privacyProviders,
			provider([
				{ table: 'no_such_table', userColumns: ['user_id'], fields: [], purpose: '', erasure: 'deleted' },
				{ table: 'enrolments', userColumns: ['student_id'], fields: [], purpose: '', erasure: 'deleted' }
			])
		]);
		expect(problems).toEqual(
			expect.arrayContaining([
				{ table: 'no_such_table', column: '', problem: 'unknown_table' },
				{ table: 'enrolments', column: 'student_id', problem: 'unknown_column' }
			])
		);
		expect(problems).toHaveLength(2);
	});

	it('has one provider per domain and a translated description of every declared table on the "My data" page', () => {
		const domains = privacyProviders.map((p) => p.domain);
		expect(new Set(domains).size).toBe(domains.length);
		for (const table of privacyProviders.flatMap((p) => p.declarations.map((d) => d.table))) {
			for (const part of ['what', 'why', 'kept']) {
				const key = `privacy.table.${table}.${part}`;
				expect(Object.keys(pl), key).toContain(key);
				expect(Object.keys(en), key).toContain(key);
			}
		}
	});
});
