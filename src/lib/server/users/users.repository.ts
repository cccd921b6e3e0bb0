import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { userRoles, users, type Role, type UserRow } from './users.tables';

export async function findUserByIdentity(db: DbOrTx, issuer: string, subject: string): Promise<UserRow | undefined> {
	const rows = await db.select().from(users).where(and(eq(users.issuer, issuer), eq(users.subject, subject))).limit(1);
	return rows[0];
}

export async function findUserById(db: DbOrTx, id: string): Promise<UserRow | undefined> {
	const rows = await db.select().from(users).where(eq(users.id, id)).limit(1);
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
	return db.select().from(userRoles).where(eq(userRoles.userId, userId));
}

export async function replaceIdpRoles(db: DbOrTx, userId: string, roles: Role[]) {
	await db.delete(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.source, 'idp')));
	if (roles.length > 0) {
		await db.insert(userRoles).values(roles.map((role) => ({ userId, role, source: 'idp' as const })));
	}
}

export async function insertAppRole(db: DbOrTx, userId: string, role: Role, grantedBy: string | null) {
	await db.insert(userRoles).values({ userId, role, source: 'app', grantedBy }).onConflictDoNothing();
}

export async function deleteAppRole(db: DbOrTx, userId: string, role: Role) {
	await db
		.delete(userRoles)
		.where(and(eq(userRoles.userId, userId), eq(userRoles.role, role), eq(userRoles.source, 'app')));
}

export async function listUsers(db: DbOrTx, limit: number, offset: number) {
	return db.select().from(users).orderBy(users.familyName, users.givenName, users.id).limit(limit).offset(offset);
}
