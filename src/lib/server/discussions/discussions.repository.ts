import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { users } from '../users/users.tables';
import { activities, courses, enrolments } from '../courses/courses.tables';
import { discussionPosts } from './discussions.tables';

export type PostRow = typeof discussionPosts.$inferSelect;

const courseColumns = { id: courses.id, slug: courses.slug, title: courses.title, visibility: courses.visibility, status: courses.status };

export async function findCourseBySlug(db: DbOrTx, slug: string) {
	const [row] = await db.select(courseColumns).from(courses).where(eq(courses.slug, slug)).limit(1);
	return row;
}

export async function findCourseById(db: DbOrTx, id: string) {
	const [row] = await db.select(courseColumns).from(courses).where(eq(courses.id, id)).limit(1);
	return row;
}

export type CourseRef = NonNullable<Awaited<ReturnType<typeof findCourseById>>>;

export async function findActivity(db: DbOrTx, courseId: string, activityId: string) {
	const [row] = await db
		.select({ id: activities.id, title: activities.title, discussionEnabled: activities.discussionEnabled })
		.from(activities)
		.where(and(eq(activities.id, activityId), eq(activities.courseId, courseId)))
		.limit(1);
	return row;
}

export async function findPost(db: DbOrTx, id: string) {
	const [row] = await db.select().from(discussionPosts).where(eq(discussionPosts.id, id)).limit(1);
	return row;
}

export async function insertPost(db: DbOrTx, values: typeof discussionPosts.$inferInsert) {
	const [row] = await db.insert(discussionPosts).values(values).returning();
	return row;
}

export async function updatePost(db: DbOrTx, id: string, values: Partial<typeof discussionPosts.$inferInsert>) {
	const [row] = await db.update(discussionPosts).set(values).where(eq(discussionPosts.id, id)).returning();
	return row;
}

/** The posts of one discussion (the course's own, or one lesson's), oldest first, with author names. */
export const listThread = (db: DbOrTx, courseId: string, activityId: string | null) =>
	db
		.select({ post: discussionPosts, givenName: users.givenName, familyName: users.familyName })
		.from(discussionPosts)
		.leftJoin(users, eq(users.id, discussionPosts.authorId))
		.where(
			and(
				eq(discussionPosts.courseId, courseId),
				activityId ? eq(discussionPosts.activityId, activityId) : isNull(discussionPosts.activityId),
				eq(discussionPosts.kind, 'post')
			)
		)
		.orderBy(asc(discussionPosts.createdAt), asc(discussionPosts.id));

export const listAnnouncements = (db: DbOrTx, courseId: string, limit: number) =>
	db
		.select({ post: discussionPosts, givenName: users.givenName, familyName: users.familyName })
		.from(discussionPosts)
		.leftJoin(users, eq(users.id, discussionPosts.authorId))
		.where(and(eq(discussionPosts.courseId, courseId), eq(discussionPosts.kind, 'announcement')))
		.orderBy(desc(discussionPosts.createdAt), desc(discussionPosts.id))
		.limit(limit);

export const enrolledUserIds = async (db: DbOrTx, courseId: string) =>
	(await db.select({ userId: enrolments.userId }).from(enrolments).where(eq(enrolments.courseId, courseId))).map((r) => r.userId);

export const postsOfAuthor = (db: DbOrTx, userId: string) =>
	db.select().from(discussionPosts).where(eq(discussionPosts.authorId, userId)).orderBy(asc(discussionPosts.createdAt));

export async function anonymiseAuthor(db: DbOrTx, userId: string) {
	await db.update(discussionPosts).set({ authorId: null }).where(eq(discussionPosts.authorId, userId));
	await db.update(discussionPosts).set({ moderatedBy: null }).where(eq(discussionPosts.moderatedBy, userId));
}


export async function findName(db: DbOrTx, userId: string) {
	const [row] = await db.select({ givenName: users.givenName, familyName: users.familyName }).from(users).where(eq(users.id, userId)).limit(1);
	return row;
}
