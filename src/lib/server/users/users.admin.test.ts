import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { loadConfig } from '../config/config';
import { createMailer } from '../mail/mail.service';
import { auditLog } from '../admin/admin.tables';
import { courses, courseTrainers, enrolments } from '../courses/courses.tables';
import { blockUser, getUserForAdmin, grantRole, revokeRole, searchUsers, unblockUser, type AdminDeps } from './users.service';
import { userRoles, users, type Role } from './users.tables';

const DAY = 86_400_000;

/** The admin's side of accounts: the directory, roles, and the history read from the audit log. */
describe.each(testDrivers())('user administration on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-03-01T10:00:00Z'));
	const config = loadConfig({});
	let deps: AdminDeps;
	const ids: Record<string, string> = {};

	async function account(key: string, values: Partial<typeof users.$inferInsert>, roles: { role: Role; source: 'idp' | 'app' }[] = []) {
		const [row] = await database.db
			.insert(users)
			.values({ issuer: 'https://idp.example', subject: key, ...values })
			.returning();
		if (roles.length) await database.db.insert(userRoles).values(roles.map((r) => ({ userId: row.id, ...r })));
		ids[key] = row.id;
		return row;
	}

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		deps = { db: database.db, clock, config, mail: createMailer({ db: database.db, clock, logger: pino({ level: 'silent' }), config: config.mail }) };
		const now = clock.now().getTime();
		await account('zofia', { givenName: 'Zofia', familyName: 'Żółkiewska', email: 'zofia.zolkiewska@example.gov.pl', lastAccessAt: new Date(now - 2 * DAY) });
		await account('lukasz', { givenName: 'Łukasz', familyName: 'Śliwa', email: 'l.sliwa@example.gov.pl', lastLoginAt: new Date(now - 20 * DAY) }, [{ role: 'trainer', source: 'app' }]);
		await account('ewa', { givenName: 'Ewa', familyName: 'Admińska', email: 'ewa@example.gov.pl', lastAccessAt: new Date(now - 100 * DAY) }, [{ role: 'admin', source: 'idp' }]);
		await account('percent', { givenName: '100%', familyName: 'Procent_owy', email: 'procent@example.gov.pl' });
		await account('blocked', { givenName: 'Adam', familyName: 'Zablokowany', email: 'adam.z@example.gov.pl', status: 'blocked', blockedReason: 'x' });
		for (let i = 0; i < 23; i++) await account(`many-${i}`, { email: `konto-${String(i).padStart(2, '0')}@example.test` });
	});
	afterAll(async () => {
		await database?.close();
	});

	const search = (input: Partial<Parameters<typeof searchUsers>[1]>) => searchUsers(deps, { page: 1, pageSize: 20, ...input });
	const emails = async (input: Partial<Parameters<typeof searchUsers>[1]>) => (await search(input)).rows.map((r) => r.email);

	it('finds accounts by any part of the name or email, in any case, Polish letters included', async () => {
		expect(await emails({ query: 'ŻÓŁK' })).toEqual(['zofia.zolkiewska@example.gov.pl']);
		expect(await emails({ query: 'łukasz' })).toEqual(['l.sliwa@example.gov.pl']);
		expect(await emails({ query: 'śliwa łukasz' })).toEqual(['l.sliwa@example.gov.pl']);
		expect(await emails({ query: 'EWA@EXAMPLE' })).toEqual(['ewa@example.gov.pl']);
		expect(await emails({ query: 'nikogo-takiego' })).toEqual([]);
	});

	it('treats % and _ in the search as letters, not wildcards', async () => {
		expect(await emails({ query: '100%' })).toEqual(['procent@example.gov.pl']);
		expect(await emails({ query: '_' })).toEqual(['procent@example.gov.pl']);
		expect(await emails({ query: '%' })).toEqual(['procent@example.gov.pl']);
	});

	it('filters by role, status and last access (last sign-in when no access was recorded)', async () => {
		expect(await emails({ role: 'trainer' })).toEqual(['l.sliwa@example.gov.pl']);
		expect(await emails({ role: 'admin' })).toEqual(['ewa@example.gov.pl']);
		expect(await emails({ status: 'blocked' })).toEqual(['adam.z@example.gov.pl']);
		expect(await emails({ lastAccess: '7d' })).toEqual(['zofia.zolkiewska@example.gov.pl']);
		expect((await emails({ lastAccess: '30d' })).sort()).toEqual(['l.sliwa@example.gov.pl', 'zofia.zolkiewska@example.gov.pl']);
		expect(await emails({ lastAccess: 'over90d' })).toEqual(['ewa@example.gov.pl']);
		const never = await search({ lastAccess: 'never', pageSize: 100 });
		expect(never.total).toBe(25);
		expect(await emails({ role: 'participant', query: 'example.gov.pl' })).not.toContain('l.sliwa@example.gov.pl');
	});

	it('pages 20 at a time with the total count, named accounts first, and aggregates roles in the row', async () => {
		const first = await search({});
		expect(first.total).toBe(28);
		expect(first.rows).toHaveLength(20);
		expect(first.rows.slice(0, 5).map((r) => r.familyName)).toEqual(['Admińska', 'Procent_owy', 'Śliwa', 'Zablokowany', 'Żółkiewska'].sort((a, b) => (a < b ? -1 : 1)));
		expect(first.rows.find((r) => r.email === 'ewa@example.gov.pl')?.roles).toEqual(['participant', 'admin']);
		const second = await search({ page: 2 });
		expect(second.rows).toHaveLength(8);
		expect(new Set([...first.rows, ...second.rows].map((r) => r.id)).size).toBe(28);
		expect((await search({ page: 3 })).rows).toEqual([]);
	});

	it('grants and revokes the trainer role with an audit entry each, and the history shows who, when and what', async () => {
		const by = ids.ewa;
		await grantRole(deps, { userId: ids.zofia, role: 'trainer', by });
		await expect(grantRole(deps, { userId: ids.zofia, role: 'trainer', by })).rejects.toMatchObject({ code: 'users.role_already_held' });
		await expect(grantRole(deps, { userId: ids.zofia, role: 'participant', by })).rejects.toMatchObject({ code: 'users.role_not_grantable' });
		clock.advance(60_000);
		await revokeRole(deps, { userId: ids.zofia, role: 'trainer', by });
		await expect(revokeRole(deps, { userId: ids.zofia, role: 'trainer', by })).rejects.toMatchObject({ code: 'users.role_not_held' });
		const { history, user } = await getUserForAdmin(deps, { userId: ids.zofia });
		expect(user.roles).toEqual(['participant']);
		expect(history.map((h) => [h.action, h.details, h.actor?.name])).toEqual([
			['users.role_revoked', { role: 'trainer' }, 'Ewa Admińska'],
			['users.role_granted', { role: 'trainer' }, 'Ewa Admińska']
		]);
	});

	it('never revokes a role the identity provider granted, nor an admin’s own admin role', async () => {
		await expect(revokeRole(deps, { userId: ids.ewa, role: 'admin', by: ids.lukasz })).rejects.toMatchObject({ code: 'users.role_from_idp' });
		await grantRole(deps, { userId: ids.lukasz, role: 'admin', by: ids.ewa });
		await expect(revokeRole(deps, { userId: ids.lukasz, role: 'admin', by: ids.lukasz })).rejects.toMatchObject({ code: 'users.cannot_revoke_own_admin' });
		expect((await getUserForAdmin(deps, { userId: ids.lukasz })).user.roles).toContain('admin');
		await revokeRole(deps, { userId: ids.lukasz, role: 'admin', by: ids.ewa });
		expect((await getUserForAdmin(deps, { userId: ids.lukasz })).user.roles).not.toContain('admin');
	});

	it('keeps at least one active administrator: the last one’s admin role cannot be revoked', async () => {
		const solo = await createTestDatabase(driver);
		try {
			const soloDeps = { ...deps, db: solo.db };
			const [only] = await solo.db.insert(users).values({ issuer: 'i', subject: 'only' }).returning();
			const [blockedAdmin] = await solo.db.insert(users).values({ issuer: 'i', subject: 'blocked-admin', status: 'blocked' }).returning();
			await solo.db.insert(userRoles).values([
				{ userId: only.id, role: 'admin', source: 'app' },
				{ userId: blockedAdmin.id, role: 'admin', source: 'app' }
			]);
			await expect(revokeRole(soloDeps, { userId: only.id, role: 'admin', by: null })).rejects.toMatchObject({ code: 'users.last_admin' });
			expect(await solo.db.select().from(userRoles).where(eq(userRoles.userId, only.id))).toHaveLength(1);
			expect(await solo.db.select().from(auditLog)).toEqual([]);
		} finally {
			await solo.close();
		}
	});

	it('shows the courses a person attends and trains', async () => {
		const [c1] = await database.db.insert(courses).values({ slug: 'rodo', title: 'RODO w urzędzie', status: 'published' }).returning();
		const [c2] = await database.db.insert(courses).values({ slug: 'excel', title: 'Excel' }).returning();
		await database.db.insert(enrolments).values({ courseId: c1.id, userId: ids.lukasz });
		await database.db.insert(courseTrainers).values({ courseId: c2.id, userId: ids.lukasz, role: 'owner' });
		const { courses: theirs } = await getUserForAdmin(deps, { userId: ids.lukasz });
		expect(theirs.enrolled.map((c) => c.title)).toEqual(['RODO w urzędzie']);
		expect(theirs.trained.map((c) => [c.title, c.trainerRole])).toEqual([['Excel', 'owner']]);
	});

	it('lists blocks and unblocks with their reasons in the status history, newest first', async () => {
		await blockUser(deps, { userId: ids.percent, reason: 'Treści reklamowe', by: ids.ewa });
		clock.advance(60_000);
		await unblockUser(deps, { userId: ids.percent, note: 'Wyjaśniono telefonicznie', by: ids.ewa });
		const { history } = await getUserForAdmin(deps, { userId: ids.percent });
		expect(history.map((h) => [h.action, h.reason])).toEqual([
			['users.unblocked', 'Wyjaśniono telefonicznie'],
			['users.blocked', 'Treści reklamowe']
		]);
		await expect(getUserForAdmin(deps, { userId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'users.not_found' });
	});
});
