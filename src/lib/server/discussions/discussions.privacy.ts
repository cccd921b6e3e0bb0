import type { Db } from '../db/client';
import * as repo from './discussions.repository';

/**
 * Personal data of the discussions module: the posts a person wrote. Erasing keeps the
 * posts (the discussion stays readable) but cuts the link to the person: they show as
 * "deleted user"; a moderator's link to what they moderated is cut as well.
 */
export const discussionsPrivacy = {
	async export(deps: { db: Db }, userId: string) {
		const posts = await repo.postsOfAuthor(deps.db, userId);
		return {
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
				moderationReason: p.moderationReason
			}))
		};
	},
	async erase(deps: { db: Db }, userId: string) {
		await deps.db.transaction((tx) => repo.anonymiseAuthor(tx, userId));
	}
};
