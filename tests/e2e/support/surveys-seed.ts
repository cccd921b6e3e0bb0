import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../../src/lib/server/db/client';
import { users } from '../../../src/lib/server/users/users.tables';
import { activities, courseSections, courseTrainers, courses, enrolments } from '../../../src/lib/server/courses/courses.tables';
import { surveyQuestions, surveys } from '../../../src/lib/server/surveys/surveys.tables';
import { surveyAccounts } from './accounts-surveys';

/** The course and surveys of the surveys journeys; the demo trainer ('trener') owns the course. */
export const SURVEY_COURSE = {
	courseId: '4d6f8a0b-1c3e-4f5a-9b7d-0e2c4a6f8b1d',
	slug: 'e2e-ankiety',
	title: 'Kurs z ankietami (e2e)',
	anonymousId: '5b7d9f1a-2c4e-4a6b-8d0f-1a3c5e7f9b2d',
	anonymousTitle: 'Ocena szkolenia (anonimowa)',
	namedId: '6c8e0a2b-3d5f-4b7c-9e1a-2b4d6f8a0c3e',
	namedTitle: 'Zgłoszenie potrzeb szkoleniowych'
};
const DEMO_TRAINER_SUB = 'demo-trainer-0002';

async function account(tx: DbOrTx, issuer: string, values: { sub: string; given_name?: string; family_name?: string; email?: string }) {
	await tx.insert(users).values({ issuer, subject: values.sub, givenName: values.given_name ?? null, familyName: values.family_name ?? null, email: values.email ?? null }).onConflictDoNothing();
	const [row] = await tx.select().from(users).where(and(eq(users.issuer, issuer), eq(users.subject, values.sub)));
	return row;
}

/**
 * Data of the surveys journeys, written before the app starts (global setup): a public
 * course owned by the demo trainer with an anonymous survey (every question type) and a
 * named one, and two enrolled participants keyed by the provider's issuer and subject.
 */
export async function seedSurveys(db: Db, issuer: string): Promise<void> {
	await db.transaction(async (tx) => {
		const trainer = await account(tx, issuer, { sub: DEMO_TRAINER_SUB, given_name: 'Jan', family_name: 'Kowalski', email: 'jan.kowalski@example.gov.pl' });
		const [course] = await tx
			.insert(courses)
			.values({ id: SURVEY_COURSE.courseId, slug: SURVEY_COURSE.slug, title: SURVEY_COURSE.title, summary: 'Kurs do testów ankiet.', visibility: 'public', status: 'published', publishedAt: new Date() })
			.returning();
		await tx.insert(courseTrainers).values({ courseId: course.id, userId: trainer.id, role: 'owner' });
		for (const a of surveyAccounts) await tx.insert(enrolments).values({ courseId: course.id, userId: (await account(tx, issuer, a)).id });
		const [section] = await tx.insert(courseSections).values({ courseId: course.id, title: 'Ankiety', position: 0 }).returning();
		await tx.insert(activities).values([
			{ id: SURVEY_COURSE.anonymousId, courseId: course.id, sectionId: section.id, type: 'survey', title: SURVEY_COURSE.anonymousTitle, description: 'Twoja opinia pomoże nam ulepszyć szkolenie.', position: 0, completion: 'submit' },
			{ id: SURVEY_COURSE.namedId, courseId: course.id, sectionId: section.id, type: 'survey', title: SURVEY_COURSE.namedTitle, position: 1, completion: 'submit' }
		]);
		await tx.insert(surveys).values([
			{ activityId: SURVEY_COURSE.anonymousId, courseId: course.id, anonymous: true },
			{ activityId: SURVEY_COURSE.namedId, courseId: course.id, anonymous: false }
		]);
		await tx.insert(surveyQuestions).values([
			{ surveyId: SURVEY_COURSE.anonymousId, position: 0, type: 'rating', text: 'Jak oceniasz szkolenie?', required: true, options: { scaleMin: 1, scaleMax: 5, minLabel: 'bardzo źle', maxLabel: 'bardzo dobrze' } },
			{ surveyId: SURVEY_COURSE.anonymousId, position: 1, type: 'single', text: 'W jakiej formie uczestniczyłeś?', required: false, options: { choices: ['zdalnie', 'stacjonarnie'] } },
			{ surveyId: SURVEY_COURSE.anonymousId, position: 2, type: 'multiple', text: 'Co było najbardziej przydatne?', required: false, options: { choices: ['wykład', 'ćwiczenia', 'materiały do pobrania'] } },
			{ surveyId: SURVEY_COURSE.anonymousId, position: 3, type: 'numeric', text: 'Ile godzin poświęciłeś na naukę?', required: false, options: { min: 0, max: 200 } },
			{ surveyId: SURVEY_COURSE.anonymousId, position: 4, type: 'short_text', text: 'Szkolenie jednym słowem', required: false, options: {} },
			{ surveyId: SURVEY_COURSE.anonymousId, position: 5, type: 'long_text', text: 'Co możemy poprawić?', required: false, options: {} },
			{ surveyId: SURVEY_COURSE.namedId, position: 0, type: 'long_text', text: 'Jakich szkoleń potrzebujesz?', required: true, options: {} }
		]);
	});
}
