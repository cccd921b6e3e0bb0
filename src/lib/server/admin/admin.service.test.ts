import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import type { Database } from '../db/client';
import { users } from '../users/users.tables';
import { courses } from '../courses/courses.tables';
import { appendAudit } from './admin.repository';
import { auditFilterOptions, knownAuditActions, listAuditLog } from './admin.service';

describe.each(testDrivers())('the audit log viewer on %s', (driver) => {
	let database: Database;
	const ids: Record<string, string> = {};
	const at = (day: number, hour = 12) => new Date(Date.UTC(2026, 2, day, hour));

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		const db = database.db;
		const [admin] = await db.insert(users).values({ issuer: 'i', subject: 'a', givenName: 'Ewa', familyName: 'Wiśniewska', email: 'ewa@example.gov.pl' }).returning();
		const [target] = await db.insert(users).values({ issuer: 'i', subject: 't', givenName: 'Jan', familyName: 'Nowak', email: 'jan@example.gov.pl' }).returning();
		const [erased] = await db.insert(users).values({ issuer: 'i', subject: 'e' }).returning();
		const [course] = await db.insert(courses).values({ slug: 'k', title: 'Kurs RODO' }).returning();
		Object.assign(ids, { admin: admin.id, target: target.id, erased: erased.id, course: course.id });
		await appendAudit(db, { at: at(1), actorId: admin.id, action: 'users.blocked', targetType: 'user', targetId: target.id, reason: 'Spam' });
		await appendAudit(db, { at: at(2), actorId: admin.id, action: 'users.unblocked', targetType: 'user', targetId: target.id, reason: 'Wyjaśniono' });
		await appendAudit(db, { at: at(3), actorId: erased.id, action: 'courses.trainer_added', targetType: 'course', targetId: course.id, details: { userId: target.id } });
		await appendAudit(db, { at: at(4), actorId: null, action: 'custom.thing', targetType: 'user', targetId: '00000000-0000-4000-8000-000000000000' });
		for (let i = 0; i < 30; i++) await appendAudit(db, { at: at(10, 0), actorId: admin.id, action: 'discussions.post_removed', targetType: 'post', targetId: `p${i}`, reason: `r${i}` });
	});
	afterAll(async () => {
		await database?.close();
	});

	const list = (filter: Partial<Parameters<typeof listAuditLog>[1]> = {}) => listAuditLog({ db: database.db }, { limit: 25, offset: 0, ...filter });

	it('lists entries newest first with the total, page by page', async () => {
		const first = await list();
		expect(first.total).toBe(34);
		expect(first.entries).toHaveLength(25);
		expect(first.entries[0].action).toBe('discussions.post_removed');
		const second = await list({ offset: 25 });
		expect(second.entries.map((e) => e.action).slice(-4)).toEqual(['custom.thing', 'courses.trainer_added', 'users.unblocked', 'users.blocked']);
	});

	it('names the actor, the target account or course, and tells the platform from an erased account', async () => {
		const { entries } = await list({ offset: 30 });
		const [custom, trainer, unblocked] = entries;
		expect(unblocked).toMatchObject({ actor: { name: 'Ewa Wiśniewska' }, target: { kind: 'user', label: 'Jan Nowak' }, reason: 'Wyjaśniono' });
		expect(trainer).toMatchObject({ actor: { id: ids.erased, name: null, email: null }, target: { kind: 'course', label: 'Kurs RODO' } });
		expect(custom).toMatchObject({ actor: null, target: { type: 'user', kind: null, label: null } });
	});

	it('filters by action, target type, actor name or email, and a date range', async () => {
		expect((await list({ action: 'users.blocked' })).entries.map((e) => e.reason)).toEqual(['Spam']);
		expect((await list({ targetType: 'course' })).total).toBe(1);
		expect((await list({ actor: 'WIŚNIEW' })).total).toBe(32);
		expect((await list({ actor: 'ewa@example' })).total).toBe(32);
		expect((await list({ actor: '%' })).total).toBe(0);
		expect((await list({ from: at(2, 0), to: at(4, 0) })).entries.map((e) => e.action)).toEqual(['courses.trainer_added', 'users.unblocked']);
		expect((await list({ targetType: 'user', targetId: ids.target })).total).toBe(2);
	});

	it('offers every known action code and any other code found in the log as filters', async () => {
		const options = await auditFilterOptions({ db: database.db });
		expect(options.actions).toEqual(expect.arrayContaining([...knownAuditActions, 'custom.thing']));
		expect(options.targetTypes).toEqual(['course', 'post', 'user']);
	});
});
