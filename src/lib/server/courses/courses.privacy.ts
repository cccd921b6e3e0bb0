import { eq } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../db/client';
import type { PrivacyProvider } from '../privacy/privacy.types';
import { activities, activityCompletions, courseAccess, courses, courseTrainers, enrolments } from './courses.tables';

/**
 * Personal data held by the courses domain (terms §1.2.10), for the privacy export and
 * erasure: who is enrolled where, which activities they completed and when, the first
 * and last access to each course, and which courses a trainer teaches or created.
 * Course content written by trainers is not personal data of participants.
 */
export const coursesPrivacy = {
	domain: 'courses',
	declarations: [
		{ table: 'enrolments', userColumns: ['user_id'], fields: ['course', 'enrolled at'], purpose: 'participation in a course', erasure: 'deleted' },
		{ table: 'activity_completions', userColumns: ['user_id'], fields: ['activity', 'completed at'], purpose: 'progress in a course', erasure: 'deleted' },
		{
			table: 'course_access',
			userColumns: ['user_id'],
			fields: ['course', 'first access', 'last access', 'last activity'],
			purpose: 'access dates (terms §1.2.10), "continue" link',
			erasure: 'deleted'
		},
		{ table: 'course_trainers', userColumns: ['user_id'], fields: ['course', 'trainer role', 'added at'], purpose: 'who teaches a course', erasure: 'deleted' },
		{ table: 'courses', userColumns: ['created_by'], fields: ['courses created'], purpose: 'authorship of a course', erasure: 'unlinked' }
	],

	/** Everything this domain holds about one person, readable without the database. */
	async export(db: DbOrTx, userId: string) {
		const enrolled = await db
			.select({ course: courses.title, slug: courses.slug, enrolledAt: enrolments.enrolledAt })
			.from(enrolments)
			.innerJoin(courses, eq(courses.id, enrolments.courseId))
			.where(eq(enrolments.userId, userId));
		const completed = await db
			.select({ course: courses.title, slug: courses.slug, activity: activities.title, completedAt: activityCompletions.completedAt })
			.from(activityCompletions)
			.innerJoin(activities, eq(activities.id, activityCompletions.activityId))
			.innerJoin(courses, eq(courses.id, activityCompletions.courseId))
			.where(eq(activityCompletions.userId, userId));
		const access = await db
			.select({ course: courses.title, slug: courses.slug, firstAccessAt: courseAccess.firstAccessAt, lastAccessAt: courseAccess.lastAccessAt })
			.from(courseAccess)
			.innerJoin(courses, eq(courses.id, courseAccess.courseId))
			.where(eq(courseAccess.userId, userId));
		const teaching = await db
			.select({ course: courses.title, slug: courses.slug, role: courseTrainers.role, addedAt: courseTrainers.addedAt })
			.from(courseTrainers)
			.innerJoin(courses, eq(courses.id, courseTrainers.courseId))
			.where(eq(courseTrainers.userId, userId));
		const created = await db
			.select({ course: courses.title, slug: courses.slug, createdAt: courses.createdAt })
			.from(courses)
			.where(eq(courses.createdBy, userId));
		return { data: { enrolments: enrolled, completions: completed, courseAccess: access, teaching, created } };
	},

	/** Deletes participation and trainer assignments; courses the person created stay, without the link. */
	async erase(tx: Tx, userId: string) {
		await tx.delete(activityCompletions).where(eq(activityCompletions.userId, userId));
		await tx.delete(courseAccess).where(eq(courseAccess.userId, userId));
		await tx.delete(enrolments).where(eq(enrolments.userId, userId));
		await tx.delete(courseTrainers).where(eq(courseTrainers.userId, userId));
		await tx.update(courses).set({ createdBy: null }).where(eq(courses.createdBy, userId));
	}
} satisfies PrivacyProvider;
