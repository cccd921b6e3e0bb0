import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { createTestServices } from '../../../../tests/support/services';
import type { Database } from '../db/client';
import { activities, courses } from '../courses/courses.tables';
import { files } from '../files/files.tables';
import { quizzes } from '../quiz/quiz.tables';
import { surveys } from '../surveys/surveys.tables';
import { questionDefinitionSchema } from '../../quiz/questions';
import { demoQuestions } from './seed.assessment';
import { listCatalogue, verifyEnrolmentKey } from '../courses/courses.service';
import { DEMO_CLOSED_COURSE, DEMO_ENROLMENT_KEY, DEMO_OPEN_COURSE, renderCheatSheetPdf, seedDemo } from './seed.service';

describe.each(testDrivers())('demo content on %s', (driver) => {
	let database: Database;
	let dataDir: string;
	beforeAll(async () => {
		database = await createTestDatabase(driver);
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-test-'));
	});
	afterAll(async () => {
		await database?.close();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	it('seeds an open course with lessons and a stored PDF and a closed course with a key, once however often it runs', async () => {
		const services = createTestServices({ database, env: { DATA_DIR: dataDir } });
		await seedDemo(services);
		await seedDemo(services);
		const catalogue = await listCatalogue({ db: database.db }, {});
		expect(catalogue.items.map((c) => c.slug).sort()).toEqual([DEMO_CLOSED_COURSE, DEMO_OPEN_COURSE]);
		const [open] = await database.db.select().from(courses).where(eq(courses.slug, DEMO_OPEN_COURSE));
		const acts = await database.db.select().from(activities).where(eq(activities.courseId, open.id));
		expect(acts.filter((a) => a.type === 'lesson')).toHaveLength(3);
		expect(acts.every((a) => a.licence && a.author)).toBe(true);
		const pdf = acts.find((a) => a.type === 'file');
		const [row] = await database.db.select().from(files).where(eq(files.id, pdf!.fileId!));
		expect(row.contentType).toBe('application/pdf');
		expect(await database.db.select().from(files)).toHaveLength(1);
		const [closed] = await database.db.select().from(courses).where(eq(courses.slug, DEMO_CLOSED_COURSE));
		expect(closed.visibility).toBe('private');
		expect(await verifyEnrolmentKey({ key: DEMO_ENROLMENT_KEY, stored: closed.enrolmentKeyHash })).toBe(true);
	});

	it('gives the open course a practice quiz, a required final test and an anonymous survey whose questions are valid and answerable', async () => {
		const [open] = await database.db.select().from(courses).where(eq(courses.slug, DEMO_OPEN_COURSE));
		const acts = await database.db.select().from(activities).where(eq(activities.courseId, open.id));
		const quizRows = await database.db.select().from(quizzes).where(eq(quizzes.courseId, open.id));
		expect(quizRows.map((q) => ({ practice: q.practice, finalTest: q.finalTest })).sort((a, b) => Number(a.finalTest) - Number(b.finalTest))).toEqual([
			{ practice: true, finalTest: false },
			{ practice: false, finalTest: true }
		]);
		const finalTest = acts.find((a) => a.id === quizRows.find((q) => q.finalTest)!.activityId)!;
		expect(finalTest).toMatchObject({ required: true, completion: 'pass' });
		const [survey] = await database.db.select().from(surveys).where(eq(surveys.courseId, open.id));
		expect(survey.anonymous).toBe(true);
		for (const definition of demoQuestions) {
			expect(questionDefinitionSchema.safeParse(definition).success, definition.name).toBe(true);
		}
	});

	it('writes the PDF with an embedded font that has Polish letters', async () => {
		const bytes = await renderCheatSheetPdf();
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		// The machine's DejaVu Sans is embedded when present (Debian: fonts-dejavu-core).
		if (fs.existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf')) expect(bytes.toString('latin1')).toMatch(/DejaVuSans/);
	});
});
