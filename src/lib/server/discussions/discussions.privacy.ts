import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import * as repo from './discussions.repository';
import { discussionPosts } from './discussions.tables';

/**
 * Personal data of the discussions module: the posts a person wrote. Erasing keeps the
 * posts (the discussion stays readable) but cuts the link to the person: they show as
 * "deleted user"; a moderator's link to what they moderated is cut as well. The export
 * says that a post was moderated, never by whom.
 */
export const discussionsPrivacy = {
	domain: 'discussions',
	declarations: [
		{
			table: 'discussion_posts',
			userColumns: ['author_id', 'moderated_by'],
			fields: ['posts and replies', 'dates written and edited', 'moderation of own posts'],
			purpose: 'course discussions',
			erasure: 'anonymised'
		}
	],
	async export(db: DbOrTx, userId: string) {
		const posts = await repo.postsOfAuthor(db, userId);
		const moderated = await db.select({ id: discussionPosts.id }).from(discussionPosts).where(eq(discussionPosts.moderatedBy, userId));
		return {
			data: {
				posts: posts.map((p) => ({
					id: p.id,
					courseId: p.courseId,
					activityId: p.activityId,
					parentId: p.parentId,
					kind: p.kind,
					body: p.bodyMd,
					createdAt: p.createdAt,
					editedAt: p.editedAt,
					removedAt: p.removedAt,
					moderatedBy: p.moderatedBy ? 'moderator' : null,
					moderationReason: p.moderationReason
				})),
				postsModerated: moderated.length
			}
		};
	},
	async erase(tx: Tx, userId: string) {
		await repo.anonymiseAuthor(tx, userId);
	}
} satisfies PrivacyProvider;
