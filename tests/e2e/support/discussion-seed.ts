import type { Db } from '../../../src/lib/server/db/client';
import { users } from '../../../src/lib/server/users/users.tables';
import { activities, courseSections, courses, enrolments } from '../../../src/lib/server/courses/courses.tables';
import { discussant } from './accounts';

/** The public, published course of the discussion journeys, with a lesson whose discussion is on. */
export const DISCUSSION_COURSE = {
	slug: 'e2e-dyskusja',
	title: 'Kurs dyskusyjny (e2e)',
	lessonId: '6f1b3c2e-5d4a-4e8f-9a7b-0c1d2e3f4a5b',
	lessonTitle: 'Lekcja z dyskusją'
};

/**
 * The discussant's account (keyed by the development provider's issuer and their subject,
 * so signing in finds it) enrolled in the discussion course.
 */
export async function seedDiscussion(db: Db, issuer: string): Promise<void> {
	await db.transaction(async (tx) => {
		const [person] = await tx
			.insert(users)
			.values({ issuer, subject: discussant.sub, givenName: discussant.given_name, familyName: discussant.family_name, email: discussant.email })
			.returning();
		const [course] = await tx
			.insert(courses)
			.values({ slug: DISCUSSION_COURSE.slug, title: DISCUSSION_COURSE.title, summary: 'Kurs do testów dyskusji.', visibility: 'public', status: 'published', publishedAt: new Date() })
			.returning();
		const [section] = await tx.insert(courseSections).values({ courseId: course.id, title: 'Wprowadzenie', position: 0 }).returning();
		await tx.insert(activities).values({ id: DISCUSSION_COURSE.lessonId, courseId: course.id, sectionId: section.id, type: 'lesson', title: DISCUSSION_COURSE.lessonTitle, bodyMd: 'Treść lekcji.', position: 0, discussionEnabled: true });
		await tx.insert(enrolments).values({ courseId: course.id, userId: person.id });
	});
}
