import { and, asc, desc, eq, ilike, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { containsPattern } from '../db/like';
import type { DbOrTx } from '../db/client';
import { courses, courseTrainers, enrolments } from '../courses/courses.tables';
import { userRoles, users, type Role, type UserRow } from './users.tables';

export async function findUserByIdentity(db: DbOrTx, issuer: string, subject: string): Promise<UserRow | undefined> {
	const rows = await db.select().from(users).where(and(eq(users.issuer, issuer), eq(users.subject, subject))).limit(1);
	return rows[0];
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
	const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
	return rows[0];
}

/** The row locked for the rest of the transaction (role changes and blocks of one account run one at a time). */
export async function lockUser(db: DbOrTx, id: string): Promise<UserRow | undefined> {
	const rows = await db.select().from(users).where(eq(users.id, id)).limit(1).for('update');
	return rows[0];
}

export async function insertUser(db: DbOrTx, values: typeof users.$inferInsert): Promise<UserRow> {
	const rows = await db.insert(users).values(values).returning();
	return rows[0];
}

export async function updateUser(db: DbOrTx, id: string, values: Partial<typeof users.$inferInsert>): Promise<UserRow> {
	const rows = await db.update(users).set(values).where(eq(users.id, id)).returning();
	return rows[0];
}

export async function listRoles(db: DbOrTx, userId: string) {
	return db.select().from(userRoles).where(eq(userRoles.userId, userId)).orderBy(asc(userRoles.role), asc(userRoles.source));
}

export async function replaceIdpRoles(db: DbOrTx, userId: string, roles: Role[]) {
	await db.delete(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.source, 'idp')));
	if (roles.length > 0) {
		await db.insert(userRoles).values(roles.map((role) => ({ userId, role, source: 'idp' as const })));
	}
}

/** Returns whether a row was written (false: the app had already granted this role). */
export async function insertAppRole(db: DbOrTx, userId: string, role: Role, grantedBy: string | null, at?: Date): Promise<boolean> {
	const rows = await db
		.insert(userRoles)
		.values({ userId, role, source: 'app', grantedBy, ...(at ? { grantedAt: at } : {}) })
		.onConflictDoNothing()
		.returning({ role: userRoles.role });
	return rows.length > 0;
}

/** Returns whether a row was removed. */
export async function deleteAppRole(db: DbOrTx, userId: string, role: Role): Promise<boolean> {
	const rows = await db
		.delete(userRoles)
		.where(and(eq(userRoles.userId, userId), eq(userRoles.role, role), eq(userRoles.source, 'app')))
		.returning({ role: userRoles.role });
	return rows.length > 0;
}

/** Locks every admin grant: two admins revoking each other at once cannot both pass the last-admin check. */
export async function lockAdminRoles(db: DbOrTx) {
	await db.select({ userId: userRoles.userId }).from(userRoles).where(eq(userRoles.role, 'admin')).for('update');
}

/** Active accounts other than `exceptUserId` holding the admin role from any source. */
export async function countOtherActiveAdmins(db: DbOrTx, exceptUserId: string): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`count(distinct ${userRoles.userId})`.mapWith(Number) })
		.from(userRoles)
		.innerJoin(users, eq(users.id, userRoles.userId))
		.where(and(eq(userRoles.role, 'admin'), ne(userRoles.userId, exceptUserId), eq(users.status, 'active')));
	return row?.n ?? 0;
}


export type LastAccessFilter = '7d' | '30d' | 'over90d' | 'never';

export interface UserSearch {
	/** Part of the name ("Jan Kowalski" also matches "Kowalski Jan") or of the email address, any case. */
	query?: string;
	role?: Role;
	status?: 'active' | 'blocked';
	lastAccess?: LastAccessFilter;
	now: Date;
	limit: number;
	offset: number;
}

const DAY = 86_400_000;
/** Last request with a session, else the last sign-in (accounts from before access was recorded). */
const lastSeen = sql<Date | null>`coalesce(${users.lastAccessAt}, ${users.lastLoginAt})`;

function searchConditions(filter: UserSearch): SQL[] {
	const where: SQL[] = [];
	const words = (filter.query ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 5);
	for (const word of words) {
		const pattern = containsPattern(word);
		where.push(or(ilike(users.givenName, pattern), ilike(users.familyName, pattern), ilike(users.email, pattern))!);
	}
	if (filter.status) where.push(eq(users.status, filter.status));
	if (filter.role && filter.role !== 'participant') {
		where.push(sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.role} = ${filter.role})`);
	}
	if (filter.role === 'participant') {
		// Everyone is a participant; the filter means "nothing more than a participant".
		where.push(sql`not exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.role} <> 'participant')`);
	}
	// As text with a cast: postgres.js takes no Date for a parameter of a raw expression.
	const since = (days: number) => sql`${new Date(filter.now.getTime() - days * DAY).toISOString()}::timestamptz`;
	if (filter.lastAccess === '7d') where.push(sql`${lastSeen} >= ${since(7)}`);
	if (filter.lastAccess === '30d') where.push(sql`${lastSeen} >= ${since(30)}`);
	if (filter.lastAccess === 'over90d') where.push(sql`${lastSeen} < ${since(90)}`);
	if (filter.lastAccess === 'never') where.push(and(isNull(users.lastAccessAt), isNull(users.lastLoginAt))!);
	return where;
}

/**
 * One page of the user directory with each account's roles aggregated in the same
 * query (no query per row). Sorted by family name, then given name;
 * accounts without a name last.
 */
export async function searchUsers(db: DbOrTx, filter: UserSearch) {
	const where = searchConditions(filter);
	const rows = await db
		.select({
			id: users.id,
			givenName: users.givenName,
			familyName: users.familyName,
			email: users.email,
			status: users.status,
			lastSeenAt: sql<string | Date | null>`${lastSeen}`,
			roles: sql<Role[]>`coalesce((select array_agg(distinct ${userRoles.role}::text order by ${userRoles.role}::text) from ${userRoles} where ${userRoles.userId} = ${users.id}), '{}')`
		})
		.from(users)
		.where(where.length ? and(...where) : undefined)
		.orderBy(sql`${users.familyName} asc nulls last`, sql`${users.givenName} asc nulls last`, asc(users.email), asc(users.id))
		.limit(filter.limit)
		.offset(filter.offset);
	return rows.map(({ lastSeenAt, ...row }) => ({ ...row, lastSeenAt: lastSeenAt === null ? null : new Date(lastSeenAt) }));
}

export async function countUsers(db: DbOrTx, filter: UserSearch): Promise<number> {
	const where = searchConditions(filter);
	const [row] = await db
		.select({ n: sql<number>`count(*)`.mapWith(Number) })
		.from(users)
		.where(where.length ? and(...where) : undefined);
	return row?.n ?? 0;
}

/** Courses a person is enrolled in or trains, with the relation; newest first. */
export async function listCoursesOfUser(db: DbOrTx, userId: string) {
	const columns = { id: courses.id, slug: courses.slug, title: courses.title, status: courses.status };
	const [enrolled, trained] = await Promise.all([
		db
			.select({ ...columns, since: enrolments.enrolledAt })
			.from(enrolments)
			.innerJoin(courses, eq(courses.id, enrolments.courseId))
			.where(eq(enrolments.userId, userId))
			.orderBy(desc(enrolments.enrolledAt), asc(courses.id)),
		db
			.select({ ...columns, since: courseTrainers.addedAt, trainerRole: courseTrainers.role })
			.from(courseTrainers)
			.innerJoin(courses, eq(courses.id, courseTrainers.courseId))
			.where(eq(courseTrainers.userId, userId))
			.orderBy(desc(courseTrainers.addedAt), asc(courses.id))
	]);
	return { enrolled, trained };
}
