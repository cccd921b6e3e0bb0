import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { Role } from '../users/users.tables';
import { courseTrainers, courses, enrolments, type Visibility } from './courses.tables';

/**
 * Who a person is to one course, decided on the server for every load and action.
 * - `manager`: a platform admin, or a trainer listed in course_trainers (owner or co-trainer)
 * - `participant`: enrolled
 * - `visitor`: anyone else, signed in or not
 */
export type CourseRelation = 'manager' | 'participant' | 'visitor';

export interface CourseAccessSubject {
	id: string;
	roles: readonly Role[];
}

export async function courseRelation(db: DbOrTx, user: CourseAccessSubject | null, courseId: string): Promise<CourseRelation> {
	if (!user) return 'visitor';
	if (user.roles.includes('admin')) return 'manager';
	const [trainer] = await db
		.select({ userId: courseTrainers.userId })
		.from(courseTrainers)
		.where(and(eq(courseTrainers.courseId, courseId), eq(courseTrainers.userId, user.id)))
		.limit(1);
	if (trainer) return 'manager';
	const [enrolled] = await db
		.select({ userId: enrolments.userId })
		.from(enrolments)
		.where(and(eq(enrolments.courseId, courseId), eq(enrolments.userId, user.id)))
		.limit(1);
	return enrolled ? 'participant' : 'visitor';
}

/** What a relation may do with a course in a given state. Pure: the rules in one table. */
export function courseCapabilities(input: { relation: CourseRelation; visibility: Visibility; status: 'draft' | 'published' }) {
	const { relation, visibility, status } = input;
	const manager = relation === 'manager';
	const published = status === 'published';
	return {
		/** The course exists for this person at all (drafts are hidden: 404). */
		see: manager || published,
		/** Title, summary, category: also for private courses ("log in to enrol"). */
		seeDescription: manager || published,
		/** Sections and activity titles with descriptions. */
		seeOutline: manager || (published && (visibility !== 'private' || relation === 'participant')),
		/** Lesson bodies, files, links. */
		readContent: manager || (published && (visibility === 'public' || relation === 'participant')),
		/** Saving progress, posting: enrolled participants (and managers, who may test). */
		participate: manager || (published && relation === 'participant'),
		edit: manager,
		moderate: manager
	};
}

export async function loadCourseState(db: DbOrTx, courseId: string) {
	const [row] = await db
		.select({ id: courses.id, visibility: courses.visibility, status: courses.status })
		.from(courses)
		.where(eq(courses.id, courseId))
		.limit(1);
	return row;
}
