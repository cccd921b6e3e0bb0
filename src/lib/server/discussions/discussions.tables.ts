import { index, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../users/users.tables';
import { activities, courses } from '../courses/courses.tables';

/**
 * Course discussion: posts per course or per lesson, replies, and trainers'
 * announcements. The author link becomes null when the account is deleted
 * (shown as "deleted user"). Moderation keeps who, when and why.
 */
export const discussionPosts = pgTable(
	'discussion_posts',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		activityId: uuid('activity_id').references(() => activities.id, { onDelete: 'cascade' }),
		parentId: uuid('parent_id').references((): AnyPgColumn => discussionPosts.id, { onDelete: 'cascade' }),
		authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
		kind: text('kind', { enum: ['post', 'announcement'] }).notNull().default('post'),
		bodyMd: text('body_md').notNull(),
		createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
		editedAt: timestamp('edited_at', { withTimezone: true }),
		moderatedAt: timestamp('moderated_at', { withTimezone: true }),
		moderatedBy: uuid('moderated_by').references(() => users.id, { onDelete: 'set null' }),
		moderationReason: text('moderation_reason'),
		removedAt: timestamp('removed_at', { withTimezone: true })
	},
	(t) => [
		index('discussion_posts_course_idx').on(t.courseId, t.createdAt),
		index('discussion_posts_activity_idx').on(t.activityId, t.createdAt),
		index('discussion_posts_parent_idx').on(t.parentId),
		index('discussion_posts_author_idx').on(t.authorId)
	]
);
