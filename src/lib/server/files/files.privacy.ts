import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { users } from '../users/users.tables';
import { files } from './files.tables';

/**
 * Who uploaded a file. Course materials a trainer uploaded belong to the course and stay,
 * without the link; the person's own avatar is deleted (its row here, its bytes by the
 * account erasure once the transaction has committed).
 */
export const filesPrivacy = {
	domain: 'files',
	declarations: [
		{
			table: 'files',
			userColumns: ['uploaded_by'],
			fields: ['avatar uploaded in the profile', 'course materials uploaded (name, type, size, date)'],
			purpose: 'the avatar; course materials',
			erasure: 'unlinked'
		}
	],
	async export(db: DbOrTx, userId: string) {
		const uploaded = await db
			.select({ name: files.originalName, contentType: files.contentType, size: files.size, createdAt: files.createdAt })
			.from(files)
			.where(eq(files.uploadedBy, userId));
		return { data: { uploaded } };
	},
	async erase(tx: Tx, userId: string) {
		const [user] = await tx.select({ avatarFileId: users.avatarFileId }).from(users).where(eq(users.id, userId));
		if (user?.avatarFileId) {
			await tx.update(users).set({ avatarFileId: null }).where(eq(users.id, userId));
			await tx.delete(files).where(eq(files.id, user.avatarFileId));
		}
		await tx.update(files).set({ uploadedBy: null }).where(and(eq(files.uploadedBy, userId), ne(files.id, user?.avatarFileId ?? '00000000-0000-0000-0000-000000000000')));
	}
} satisfies PrivacyProvider;
