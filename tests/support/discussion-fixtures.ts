import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/lib/server/db/client';
import { users, userRoles } from '../../src/lib/server/users/users.tables';
import { activities, courseSections, courseTrainers, courses, enrolments, type Visibility } from '../../src/lib/server/courses/courses.tables';
import type { CourseAccessSubject } from '../../src/lib/server/courses/courses.permissions';
import type { Role } from '../../src/lib/server/users/users.tables';

/** People and courses for the discussion and notification tests, written straight to the tables. */
export function discussionFixtures(db: Db) {
	const unique = () => randomBytes(4).toString('hex');

	async function person(input: { roles?: Role[]; locale?: 'pl' | 'en' | null; email?: string | null; givenName?: string } = {}): Promise<CourseAccessSubject & { email: string | null }> {
		const id = unique();
		const [row] = await db
			.insert(users)
			.values({
				issuer: 'https://test.invalid',
				subject: `s-${id}`,
				givenName: input.givenName ?? `Osoba ${id}`,
				familyName: 'Testowa',
				email: input.email === undefined ? `p-${id}@example.test` : input.email,
				locale: input.locale ?? null
			})
			.returning();
		for (const role of input.roles ?? []) await db.insert(userRoles).values({ userId: row.id, role, source: 'app' });
		return { id: row.id, roles: ['participant', ...(input.roles ?? [])], email: row.email };
	}

	async function course(input: { visibility?: Visibility; status?: 'draft' | 'published'; title?: string } = {}) {
		const id = unique();
		const [row] = await db
			.insert(courses)
			.values({ slug: `kurs-${id}`, title: input.title ?? `Kurs ${id}`, visibility: input.visibility ?? 'public', status: input.status ?? 'published' })
			.returning();
		const [section] = await db.insert(courseSections).values({ courseId: row.id, title: 'Sekcja', position: 0 }).returning();
		const [lesson] = await db
			.insert(activities)
			.values({ courseId: row.id, sectionId: section.id, type: 'lesson', title: 'Lekcja', position: 0, discussionEnabled: true })
			.returning();
		const [closedLesson] = await db
			.insert(activities)
			.values({ courseId: row.id, sectionId: section.id, type: 'lesson', title: 'Bez dyskusji', position: 1, discussionEnabled: false })
			.returning();
		return { ...row, lessonId: lesson.id, closedLessonId: closedLesson.id };
	}

	const enrol = (courseId: string, userId: string) => db.insert(enrolments).values({ courseId, userId });
	const addTrainer = (courseId: string, userId: string) => db.insert(courseTrainers).values({ courseId, userId, role: 'owner' });

	return { person, course, enrol, addTrainer };
}
