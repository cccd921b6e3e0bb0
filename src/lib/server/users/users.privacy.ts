import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { userNotFound } from './users.errors';
import { userRoles, users } from './users.tables';

/**
 * The account itself (terms §1.2.10: avatar, first name, last name, email) and the roles
 * granted to it. Its `export` is the `account` part of the export; the `users` row is
 * deleted last by the account erasure (privacy.service.ts), which cascades to the roles;
 * here only the link to an administrator who granted someone else a role is cut.
 */
export const usersPrivacy = {
	domain: 'account',
	declarations: [
		{
			table: 'users',
			userColumns: ['id'],
			fields: ['first name', 'last name', 'email', 'avatar or picture', 'language', 'account status', 'created, last sign-in and last access dates'],
			purpose: 'the account: signing in and being recognised by trainers and other participants',
			erasure: 'deleted'
		},
		{
			table: 'user_roles',
			userColumns: ['user_id', 'granted_by'],
			fields: ['roles (trainer, administrator)', 'granted at'],
			purpose: 'what the person may do on the platform',
			erasure: 'deleted'
		}
	],
	async export(db: DbOrTx, userId: string) {
		const [user] = await db.select().from(users).where(eq(users.id, userId));
		if (!user) throw userNotFound();
		const roles = await db.select({ role: userRoles.role, source: userRoles.source, grantedAt: userRoles.grantedAt }).from(userRoles).where(eq(userRoles.userId, userId));
		return {
			data: {
				givenName: user.givenName,
				familyName: user.familyName,
				email: user.email,
				pictureUrl: user.pictureUrl,
				avatar: user.avatarFileId ? 'avatar file in this archive' : null,
				managedBySignInProvider: user.managedFields,
				locale: user.locale,
				status: user.status,
				blockedReason: user.blockedReason,
				blockedAt: user.blockedAt,
				createdAt: user.createdAt,
				lastLoginAt: user.lastLoginAt,
				lastAccessAt: user.lastAccessAt,
				roles: roles.map((r) => ({ role: r.role, grantedBy: r.source === 'idp' ? 'sign-in provider' : 'administrator', grantedAt: r.grantedAt }))
			},
			files: user.avatarFileId ? [{ path: 'avatar', fileId: user.avatarFileId }] : []
		};
	},
	async erase(tx: Tx, userId: string) {
		await tx.update(userRoles).set({ grantedBy: null }).where(eq(userRoles.grantedBy, userId));
		await tx.delete(userRoles).where(eq(userRoles.userId, userId));
	}
} satisfies PrivacyProvider;
