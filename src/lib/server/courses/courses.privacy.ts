import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { activities, activityCompletions, courseAccess, courses, enrolments } from './courses.tables';

/**
 * Personal data held by the courses domain (terms §1.2.10), for the privacy export and
 * erasure: who is enrolled where, which activities they completed and when, and the
 * first and last access to each course. Course content written by trainers is not
 * personal data of participants and is not listed here.
 */
export const coursesPrivacy = {
	domain: 'courses',
	data: [
		{ table: 'enrolments', fields: ['course', 'enrolled_at'], purpose: 'participation in a course' },
		{ table: 'activity_completions', fields: ['activity', 'completed_at'], purpose: 'progress in a course' },
		{ table: 'course_access', fields: ['course', 'first_access_at', 'last_access_at', 'last_activity'], purpose: 'access dates (terms §1.2.10), "continue" link' }
	],

	/** Everything this domain holds about one person, readable without the database. */
	async export(deps: { db: Db }, userId: string) {
		const enrolled = await deps.db
			.select({ course: courses.title, slug: courses.slug, enrolledAt: enrolments.enrolledAt })
			.from(enrolments)
			.innerJoin(courses, eq(courses.id, enrolments.courseId))
			.where(eq(enrolments.userId, userId));
		const completed = await deps.db
			.select({ course: courses.title, activity: activities.title, completedAt: activityCompletions.completedAt })
			.from(activityCompletions)
			.innerJoin(activities, eq(activities.id, activityCompletions.activityId))
			.innerJoin(courses, eq(courses.id, activityCompletions.courseId))
			.where(eq(activityCompletions.userId, userId));
		const access = await deps.db
			.select({ course: courses.title, firstAccessAt: courseAccess.firstAccessAt, lastAccessAt: courseAccess.lastAccessAt })
			.from(courseAccess)
			.innerJoin(courses, eq(courses.id, courseAccess.courseId))
			.where(eq(courseAccess.userId, userId));
		return { enrolments: enrolled, completions: completed, courseAccess: access };
	},

	/** Deletes all of it in one transaction. */
	async erase(deps: { db: Db }, userId: string) {
		await deps.db.transaction(async (tx) => {
			await tx.delete(activityCompletions).where(eq(activityCompletions.userId, userId));
			await tx.delete(courseAccess).where(eq(courseAccess.userId, userId));
			await tx.delete(enrolments).where(eq(enrolments.userId, userId));
		});
	}
};
