import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { userRoles, users, type Role } from '../users/users.tables';
import { files } from '../files/files.tables';
import { auditLog } from '../admin/admin.tables';
import { notifications } from '../notifications/notifications.tables';
import { createMailer } from '../mail/mail.service';
import pino from 'pino';
import { activities, activityCompletions, courseAccess, courseSections, courseTrainers, courses, enrolments } from '../courses/courses.tables';
import * as authoring from './index';
import { verifyEnrolmentKey } from '../courses/index';
import { activitySchema, courseSettingsSchema, parseForm } from './authoring.schemas';

const lesson = {
	type: 'lesson',
	title: 'Wprowadzenie',
	bodyMd: '# Witaj',
	completion: 'manual',
	required: 'on',
	licence: 'cc-by',
	author: 'Jan Kowalski',
	attribution: '„Wprowadzenie”, Jan Kowalski, CC BY 4.0'
};
const lessonInput = () => {
	const parsed = activitySchema.parse(lesson);
	return parsed;
};
const settings = (overrides: Record<string, string> = {}) =>
	courseSettingsSchema.parse({ title: 'Kurs', visibility: 'public', selfEnrolment: 'on', ...overrides });

describe('slugs and moves (pure)', () => {
	it('transliterates Polish letters into a slug and numbers duplicates', () => {
		expect(authoring.slugify('Żółć gęślą jaźń — Łódź 2026!')).toBe('zolc-gesla-jazn-lodz-2026');
		expect(authoring.slugify('<script>')).toBe('script');
		expect(authoring.slugify('!!!')).toBe('kurs');
		expect(authoring.firstFreeSlug('a', ['a', 'a-2'])).toBe('a-3');
	});

	it('moves an item a step or to an index, and ignores moves past the ends', () => {
		const list = ['a', 'b', 'c'].map((id) => ({ id }));
		const ids = (l: { id: string }[]) => l.map((x) => x.id).join('');
		expect(ids(authoring.moveInList(list, 'b', { direction: 'up', to: null }))).toBe('bac');
		expect(ids(authoring.moveInList(list, 'a', { direction: 'up', to: null }))).toBe('abc');
		expect(ids(authoring.moveInList(list, 'c', { direction: 'down', to: null }))).toBe('abc');
		expect(ids(authoring.moveInList(list, 'a', { direction: null, to: 2 }))).toBe('bca');
		expect(ids(authoring.moveInList(list, 'c', { direction: null, to: 99 }))).toBe('abc');
	});

	it('takes enrolment dates as Polish calendar days', () => {
		expect(authoring.warsawDayStart('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
		expect(authoring.warsawDayStart('2026-07-15').toISOString()).toBe('2026-07-14T22:00:00.000Z');
		expect(authoring.warsawDay(new Date('2026-07-14T22:30:00Z'))).toBe('2026-07-15');
	});
});

describe('material validation', () => {
	it('requires a licence from the list, an author and an attribution line on every material', () => {
		const missing = parseForm(activitySchema, { type: 'link', title: 'Strona', url: 'https://example.org', completion: 'view' });
		expect(missing.ok).toBe(false);
		if (!missing.ok) {
			expect(missing.errors.licence).toBe('teach.error.licenceRequired');
			expect(missing.errors.author).toBe('teach.error.authorRequired');
			expect(missing.errors.attribution).toBe('teach.error.attributionRequired');
		}
		const unknown = parseForm(activitySchema, { ...lesson, licence: 'gpl' });
		expect(!unknown.ok && unknown.errors.licence).toBe('teach.error.licenceRequired');
		expect(parseForm(activitySchema, lesson).ok).toBe(true);
	});

	it('accepts only http and https for links, sources and video links', () => {
		for (const url of ['javascript:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'ftp://example.org', 'nie adres']) {
			const link = parseForm(activitySchema, { ...lesson, type: 'link', url });
			expect(!link.ok && link.errors.url, url).toBe('teach.error.urlInvalid');
			const source = parseForm(activitySchema, { ...lesson, sourceUrl: url });
			expect(!source.ok && source.errors.sourceUrl, url).toBe('teach.error.urlInvalid');
		}
		expect(parseForm(activitySchema, { ...lesson, type: 'link', url: 'https://www.gov.pl/web/mc' }).ok).toBe(true);
	});

	it('refuses an enrolment window that closes before it opens', () => {
		const result = parseForm(courseSettingsSchema, { title: 'Kurs', visibility: 'public', enrolmentOpensAt: '2026-03-10', enrolmentClosesAt: '2026-03-01' });
		expect(!result.ok && result.errors.enrolmentClosesAt).toBe('teach.error.windowInvalid');
	});
});

describe.each(testDrivers())('authoring on %s', (driver) => {
	let database: Database;
	const clock = fixedClock();
	const deps = () => ({ db: database.db, clock });
	let n = 0;
	async function person(role: Role | null, email?: string) {
		n++;
		const [user] = await database.db.insert(users).values({ issuer: 'https://idp.test', subject: `s-${n}`, email: email ?? `osoba${n}@example.gov.pl`, givenName: 'Osoba', familyName: `Nr ${n}` }).returning();
		if (role) await database.db.insert(userRoles).values({ userId: user.id, role, source: 'idp' });
		return { id: user.id, roles: (role ? ['participant', role] : ['participant']) as Role[] };
	}
	const snapshot = async (courseId: string) => ({
		course: (await database.db.select().from(courses).where(eq(courses.id, courseId)))[0],
		sections: await database.db.select().from(courseSections).where(eq(courseSections.courseId, courseId)).orderBy(asc(courseSections.id)),
		activities: await database.db.select().from(activities).where(eq(activities.courseId, courseId)).orderBy(asc(activities.id)),
		trainers: await database.db.select().from(courseTrainers).where(eq(courseTrainers.courseId, courseId)).orderBy(asc(courseTrainers.userId))
	});
	const positions = async (courseId: string) => {
		const sections = await database.db.select().from(courseSections).where(eq(courseSections.courseId, courseId)).orderBy(asc(courseSections.position));
		return sections.map((s) => s.position);
	};

	beforeAll(async () => {
		database = await createTestDatabase(driver);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('new content in a published course notifies its enrolled participants (not its author); a draft notifies no one', async () => {
		const mail = createMailer({ db: database.db, clock, logger: pino({ level: 'silent' }), config: { from: 'x <x@example.gov.pl>', workerIntervalMs: 1000, maxAttempts: 1 } });
		const withNotify = () => ({ ...deps(), notify: { db: database.db, clock, mail, origin: 'http://localhost:3000' } });
		const trainer = await person('trainer');
		const learner = await person(null);
		const course = await authoring.createCourse(deps(), { actor: trainer, title: 'Kurs z powiadomieniami' });
		const section = await authoring.addSection(deps(), { actor: trainer, courseId: course.id, section: { title: 'Moduł', summary: '' } });
		await database.db.insert(enrolments).values({ courseId: course.id, userId: learner.id });
		const countFor = async (userId: string) => (await database.db.select().from(notifications).where(eq(notifications.userId, userId))).length;

		await authoring.addActivity(withNotify(), { actor: trainer, courseId: course.id, sectionId: section.id, activity: lessonInput() });
		expect(await countFor(learner.id)).toBe(0);

		await authoring.setCourseStatus(deps(), { actor: trainer, courseId: course.id, status: 'published' });
		const added = await authoring.addActivity(withNotify(), { actor: trainer, courseId: course.id, sectionId: section.id, activity: { ...lessonInput(), title: 'Nowa lekcja' } });
		const [note] = await database.db.select().from(notifications).where(eq(notifications.userId, learner.id));
		expect(note).toMatchObject({ kind: 'course_content', url: `/courses/${course.slug}/activities/${added.id}` });
		expect(note.title).toContain('Nowa lekcja');
		expect(await countFor(trainer.id)).toBe(0);
	});

	it('creates a draft course with a unique transliterated slug, its creator as owner', async () => {
		const trainer = await person('trainer');
		const a = await authoring.createCourse(deps(), { actor: trainer, title: 'Ochrona danych osobowych w urzędzie' });
		const b = await authoring.createCourse(deps(), { actor: trainer, title: 'Ochrona danych osobowych w urzędzie' });
		expect(a.slug).toBe('ochrona-danych-osobowych-w-urzedzie');
		expect(b.slug).toBe('ochrona-danych-osobowych-w-urzedzie-2');
		expect(a.status).toBe('draft');
		const trainers = await database.db.select().from(courseTrainers).where(eq(courseTrainers.courseId, a.id));
		expect(trainers).toMatchObject([{ userId: trainer.id, role: 'owner' }]);
		const mine = await authoring.listMyCourses(deps(), { actor: trainer });
		expect(mine.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
	});

	it('edits the settings, stores the enrolment key only as a hash, and publishes and withdraws with an audit entry', async () => {
		const trainer = await person('trainer');
		const course = await authoring.createCourse(deps(), { actor: trainer, title: 'Kurs ustawień' });
		const saved = await authoring.updateCourseSettings(deps(), {
			actor: trainer,
			courseId: course.id,
			settings: settings({ title: 'Nowy tytuł', summary: 'Opis', keywords: 'rodo, dane', enrolmentKey: 'sekret-123', enrolmentOpensAt: '2026-02-01', enrolmentClosesAt: '2026-02-28', estimatedHours: '2,5' })
		});
		expect(saved).toMatchObject({ title: 'Nowy tytuł', summary: 'Opis', keywords: 'rodo, dane', visibility: 'public', estimatedHours: '2.5' });
		expect(saved.enrolmentKeyHash).not.toContain('sekret-123');
		expect(await verifyEnrolmentKey({ stored: saved.enrolmentKeyHash, key: 'sekret-123' })).toBe(true);
		expect(saved.enrolmentClosesAt?.toISOString()).toBe('2026-02-28T22:59:59.999Z');
		// An empty key field keeps the key; "remove key" removes it.
		const kept = await authoring.updateCourseSettings(deps(), { actor: trainer, courseId: course.id, settings: settings() });
		expect(kept.enrolmentKeyHash).toBe(saved.enrolmentKeyHash);
		const removed = await authoring.updateCourseSettings(deps(), { actor: trainer, courseId: course.id, settings: settings({ removeKey: 'on' }) });
		expect(removed.enrolmentKeyHash).toBeNull();

		const published = await authoring.setCourseStatus(deps(), { actor: trainer, courseId: course.id, status: 'published' });
		expect(published.status).toBe('published');
		expect(published.publishedAt).not.toBeNull();
		await authoring.setCourseStatus(deps(), { actor: trainer, courseId: course.id, status: 'draft' });
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.targetId, course.id)).orderBy(asc(auditLog.at), asc(auditLog.action));
		expect(audit.map((a) => a.action).sort()).toEqual(['courses.published', 'courses.unpublished']);
	});

	it('accepts only an image as the cover and only a PDF or document as a file activity', async () => {
		const trainer = await person('trainer');
		const course = await authoring.createCourse(deps(), { actor: trainer, title: 'Kurs z plikami' });
		const section = await authoring.addSection(deps(), { actor: trainer, courseId: course.id, section: { title: 'Moduł', summary: '' } });
		const file = async (contentType: string) =>
			(await database.db.insert(files).values({ storageKey: `k-${Math.random()}`, originalName: 'x', contentType, size: 1, sha256: 'x' }).returning())[0];
		const pdf = await file('application/pdf');
		const png = await file('image/png');
		await expect(authoring.updateCourseSettings(deps(), { actor: trainer, courseId: course.id, settings: settings(), coverFileId: pdf.id })).rejects.toMatchObject({ code: 'authoring.cover_not_image' });
		const withCover = await authoring.updateCourseSettings(deps(), { actor: trainer, courseId: course.id, settings: settings(), coverFileId: png.id });
		expect(withCover.coverFileId).toBe(png.id);
		const fileActivity = activitySchema.parse({ ...lesson, type: 'file' });
		await expect(authoring.addActivity(deps(), { actor: trainer, courseId: course.id, sectionId: section.id, activity: fileActivity })).rejects.toMatchObject({ code: 'authoring.file_required' });
		await expect(authoring.addActivity(deps(), { actor: trainer, courseId: course.id, sectionId: section.id, activity: fileActivity, fileId: png.id })).rejects.toMatchObject({ code: 'authoring.material_type' });
		const added = await authoring.addActivity(deps(), { actor: trainer, courseId: course.id, sectionId: section.id, activity: fileActivity, fileId: pdf.id });
		expect(added).toMatchObject({ type: 'file', fileId: pdf.id, licence: 'cc-by', author: 'Jan Kowalski' });
	});

	it('keeps section and activity positions dense through adds, moves and deletes', async () => {
		const trainer = await person('trainer');
		const course = await authoring.createCourse(deps(), { actor: trainer, title: 'Kurs kolejności' });
		const s = [];
		for (const title of ['A', 'B', 'C', 'D']) s.push(await authoring.addSection(deps(), { actor: trainer, courseId: course.id, section: { title, summary: '' } }));
		const move = (id: string, direction: 'up' | 'down' | null, to: number | null = null) =>
			authoring.reorder(deps(), { actor: trainer, courseId: course.id, move: { kind: 'section', id, direction, to } });
		await move(s[3].id, 'up');
		await move(s[0].id, 'up');
		await move(s[0].id, null, 3);
		const order = async () => (await database.db.select().from(courseSections).where(eq(courseSections.courseId, course.id)).orderBy(asc(courseSections.position))).map((x) => x.title).join('');
		expect(await order()).toBe('BDCA');
		await authoring.deleteSection(deps(), { actor: trainer, courseId: course.id, sectionId: s[3].id });
		expect(await order()).toBe('BCA');
		expect(await positions(course.id)).toEqual([0, 1, 2]);

		const acts = [];
		for (const title of ['x', 'y', 'z']) acts.push(await authoring.addActivity(deps(), { actor: trainer, courseId: course.id, sectionId: s[1].id, activity: { ...lessonInput(), title } }));
		await authoring.reorder(deps(), { actor: trainer, courseId: course.id, move: { kind: 'activity', id: acts[2].id, direction: null, to: 0 } });
		await authoring.deleteActivity(deps(), { actor: trainer, courseId: course.id, activityId: acts[0].id });
		const rows = await database.db.select().from(activities).where(eq(activities.sectionId, s[1].id)).orderBy(asc(activities.position));
		expect(rows.map((r) => `${r.title}${r.position}`)).toEqual(['z0', 'y1']);
	});

	it('a trainer cannot read or change a course they do not train: not found, and nothing changes', async () => {
		const owner = await person('trainer');
		const stranger = await person('trainer');
		const course = await authoring.createCourse(deps(), { actor: owner, title: 'Cudzy kurs' });
		const section = await authoring.addSection(deps(), { actor: owner, courseId: course.id, section: { title: 'S1', summary: '' } });
		await authoring.addSection(deps(), { actor: owner, courseId: course.id, section: { title: 'S2', summary: '' } });
		const activity = await authoring.addActivity(deps(), { actor: owner, courseId: course.id, sectionId: section.id, activity: lessonInput() });
		const before = await snapshot(course.id);
		const attempts: (() => Promise<unknown>)[] = [
			() => authoring.getCourseForEditing(deps(), { actor: stranger, courseId: course.id }),
			() => authoring.updateCourseSettings(deps(), { actor: stranger, courseId: course.id, settings: settings({ title: 'Przejęty' }) }),
			() => authoring.setCourseStatus(deps(), { actor: stranger, courseId: course.id, status: 'published' }),
			() => authoring.addSection(deps(), { actor: stranger, courseId: course.id, section: { title: 'X', summary: '' } }),
			() => authoring.updateSection(deps(), { actor: stranger, courseId: course.id, sectionId: section.id, section: { title: 'X', summary: '' } }),
			() => authoring.deleteSection(deps(), { actor: stranger, courseId: course.id, sectionId: section.id }),
			() => authoring.addActivity(deps(), { actor: stranger, courseId: course.id, sectionId: section.id, activity: lessonInput() }),
			() => authoring.updateActivity(deps(), { actor: stranger, courseId: course.id, activityId: activity.id, activity: { ...lessonInput(), title: 'X' } }),
			() => authoring.deleteActivity(deps(), { actor: stranger, courseId: course.id, activityId: activity.id }),
			() => authoring.reorder(deps(), { actor: stranger, courseId: course.id, move: { kind: 'section', id: section.id, direction: 'down', to: null } }),
			() => authoring.addCoTrainer(deps(), { actor: stranger, courseId: course.id, email: 'osoba1@example.gov.pl' }),
			() => authoring.listCourseParticipants(deps(), { actor: stranger, courseId: course.id, limit: 10, offset: 0 })
		];
		for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: 'authoring.not_found', status: 404 });
		expect(await snapshot(course.id)).toEqual(before);
		expect((await authoring.listMyCourses(deps(), { actor: stranger })).map((c) => c.id)).not.toContain(course.id);
	});

	it('an activity or section of another course cannot be reached through a course the trainer does train', async () => {
		const owner = await person('trainer');
		const other = await person('trainer');
		const theirs = await authoring.createCourse(deps(), { actor: owner, title: 'Ich kurs' });
		const theirSection = await authoring.addSection(deps(), { actor: owner, courseId: theirs.id, section: { title: 'S', summary: '' } });
		const theirActivity = await authoring.addActivity(deps(), { actor: owner, courseId: theirs.id, sectionId: theirSection.id, activity: lessonInput() });
		const mine = await authoring.createCourse(deps(), { actor: other, title: 'Mój kurs' });
		const before = await snapshot(theirs.id);
		await expect(authoring.deleteActivity(deps(), { actor: other, courseId: mine.id, activityId: theirActivity.id })).rejects.toMatchObject({ code: 'authoring.not_found' });
		await expect(authoring.deleteSection(deps(), { actor: other, courseId: mine.id, sectionId: theirSection.id })).rejects.toMatchObject({ code: 'authoring.not_found' });
		await expect(authoring.addActivity(deps(), { actor: other, courseId: mine.id, sectionId: theirSection.id, activity: lessonInput() })).rejects.toMatchObject({ code: 'authoring.not_found' });
		await expect(authoring.reorder(deps(), { actor: other, courseId: mine.id, move: { kind: 'activity', id: theirActivity.id, direction: 'up', to: null } })).rejects.toMatchObject({ code: 'authoring.not_found' });
		expect(await snapshot(theirs.id)).toEqual(before);
	});

	it('a participant without the trainer role is refused (403) and an unknown or malformed course id is not found', async () => {
		const participant = await person(null);
		const trainer = await person('trainer');
		const course = await authoring.createCourse(deps(), { actor: trainer, title: 'Kurs dla uczestnika' });
		await expect(authoring.createCourse(deps(), { actor: participant, title: 'Mój kurs' })).rejects.toMatchObject({ code: 'authoring.forbidden', status: 403 });
		await expect(authoring.getCourseForEditing(deps(), { actor: participant, courseId: course.id })).rejects.toMatchObject({ status: 403 });
		for (const id of ['00000000-0000-0000-0000-000000000000', 'nie-uuid']) {
			await expect(authoring.getCourseForEditing(deps(), { actor: trainer, courseId: id })).rejects.toMatchObject({ code: 'authoring.not_found' });
		}
	});

	it('an admin edits any course; a co-trainer edits but cannot add trainers; only the owner or an admin adds them', async () => {
		const owner = await person('trainer');
		const co = await person('trainer', 'Wspolpracownik@Example.gov.pl');
		const third = await person('trainer', 'trzeci@example.gov.pl');
		const participant = await person(null, 'uczestnik@example.gov.pl');
		const admin = await person('admin');
		const course = await authoring.createCourse(deps(), { actor: owner, title: 'Kurs zespołowy' });
		await expect(authoring.addCoTrainer(deps(), { actor: owner, courseId: course.id, email: 'nikt@example.gov.pl' })).rejects.toMatchObject({ code: 'authoring.trainer_unknown' });
		await expect(authoring.addCoTrainer(deps(), { actor: owner, courseId: course.id, email: 'uczestnik@example.gov.pl' })).rejects.toMatchObject({ code: 'authoring.trainer_not_author' });
		await authoring.addCoTrainer(deps(), { actor: owner, courseId: course.id, email: 'wspolpracownik@example.gov.pl' });
		await expect(authoring.addCoTrainer(deps(), { actor: owner, courseId: course.id, email: 'wspolpracownik@example.gov.pl' })).rejects.toMatchObject({ code: 'authoring.trainer_already' });
		await authoring.updateCourseSettings(deps(), { actor: co, courseId: course.id, settings: settings({ title: 'Poprawiony przez współtrenera' }) });
		const before = await snapshot(course.id);
		await expect(authoring.addCoTrainer(deps(), { actor: co, courseId: course.id, email: 'trzeci@example.gov.pl' })).rejects.toMatchObject({ code: 'authoring.not_owner', status: 403 });
		expect(await snapshot(course.id)).toEqual(before);
		await authoring.addCoTrainer(deps(), { actor: admin, courseId: course.id, email: 'trzeci@example.gov.pl' });
		await authoring.setCourseStatus(deps(), { actor: admin, courseId: course.id, status: 'published' });
		const view = await authoring.getCourseForEditing(deps(), { actor: third, courseId: course.id });
		expect(view.course.title).toBe('Poprawiony przez współtrenera');
		expect(view.course.status).toBe('published');
		expect(view.trainers.map((t) => t.role)).toEqual(['owner', 'co_trainer', 'co_trainer']);
		expect(participant.id).toBeTruthy();
	});

	it('lists participants with progress over required activities and last access, a page at a time', async () => {
		const trainer = await person('trainer');
		const course = await authoring.createCourse(deps(), { actor: trainer, title: 'Kurs z uczestnikami' });
		const section = await authoring.addSection(deps(), { actor: trainer, courseId: course.id, section: { title: 'S', summary: '' } });
		const required = [];
		for (const title of ['r1', 'r2']) required.push(await authoring.addActivity(deps(), { actor: trainer, courseId: course.id, sectionId: section.id, activity: { ...lessonInput(), title } }));
		const optional = await authoring.addActivity(deps(), { actor: trainer, courseId: course.id, sectionId: section.id, activity: { ...lessonInput(), title: 'opt', required: false } });
		const empty = await authoring.listCourseParticipants(deps(), { actor: trainer, courseId: course.id, limit: 10, offset: 0 });
		expect(empty).toMatchObject({ required: 2, total: 0, participants: [] });
		const a = await person(null);
		const b = await person(null);
		await database.db.insert(enrolments).values([{ courseId: course.id, userId: a.id }, { courseId: course.id, userId: b.id }]);
		await database.db.insert(activityCompletions).values([
			{ activityId: required[0].id, userId: a.id, courseId: course.id },
			{ activityId: optional.id, userId: a.id, courseId: course.id },
			{ activityId: optional.id, userId: b.id, courseId: course.id }
		]);
		const at = new Date('2026-01-10T08:00:00Z');
		await database.db.insert(courseAccess).values({ courseId: course.id, userId: a.id, firstAccessAt: at, lastAccessAt: at });
		const page1 = await authoring.listCourseParticipants(deps(), { actor: trainer, courseId: course.id, limit: 1, offset: 0 });
		const page2 = await authoring.listCourseParticipants(deps(), { actor: trainer, courseId: course.id, limit: 1, offset: 1 });
		expect(page1.total).toBe(2);
		expect(page1.participants).toHaveLength(1);
		const all = [...page1.participants, ...page2.participants];
		expect(all.find((p) => p.userId === a.id)).toMatchObject({ done: 1, progress: 0.5, lastAccessAt: at });
		expect(all.find((p) => p.userId === b.id)).toMatchObject({ done: 0, progress: 0, lastAccessAt: null });
	});

	it('manages categories: dense order, rename, and deletion only when no course uses one (admins only)', async () => {
		const admin = await person('admin');
		const trainer = await person('trainer');
		await expect(authoring.createCategory(deps(), { actor: trainer, name: 'Nie wolno' })).rejects.toMatchObject({ status: 403 });
		const before = (await authoring.listCategories(deps())).length;
		const a = await authoring.createCategory(deps(), { actor: admin, name: 'Cyfryzacja urzędu' });
		const b = await authoring.createCategory(deps(), { actor: admin, name: 'Finanse publiczne' });
		await authoring.moveCategory(deps(), { actor: admin, categoryId: b.id, direction: 'up', to: null });
		await authoring.renameCategory(deps(), { actor: admin, categoryId: a.id, name: 'Cyfryzacja' });
		let list = await authoring.listCategories(deps());
		expect(list.slice(before).map((c) => c.name)).toEqual(['Finanse publiczne', 'Cyfryzacja']);
		expect(list.map((c) => c.position)).toEqual(list.map((_, i) => i));
		const course = await authoring.createCourse(deps(), { actor: trainer, title: 'Kurs w kategorii' });
		await authoring.updateCourseSettings(deps(), { actor: trainer, courseId: course.id, settings: settings({ categoryId: a.id }) });
		await expect(authoring.deleteCategory(deps(), { actor: admin, categoryId: a.id })).rejects.toMatchObject({ code: 'authoring.category_in_use' });
		await expect(authoring.deleteCategory(deps(), { actor: trainer, categoryId: b.id })).rejects.toMatchObject({ status: 403 });
		await authoring.deleteCategory(deps(), { actor: admin, categoryId: b.id });
		list = await authoring.listCategories(deps());
		expect(list.map((c) => c.name)).toContain('Cyfryzacja');
		expect(list.map((c) => c.name)).not.toContain('Finanse publiczne');
		expect(list.map((c) => c.position)).toEqual(list.map((_, i) => i));
	});

	it('reports materials per licence to admins only', async () => {
		const admin = await person('admin');
		const trainer = await person('trainer');
		const course = await authoring.createCourse(deps(), { actor: trainer, title: 'Kurs licencji' });
		const section = await authoring.addSection(deps(), { actor: trainer, courseId: course.id, section: { title: 'S', summary: '' } });
		await authoring.addActivity(deps(), { actor: trainer, courseId: course.id, sectionId: section.id, activity: { ...lessonInput(), licence: 'cc0' } });
		await expect(authoring.licenceReport(deps(), { actor: trainer, limit: 10, offset: 0 })).rejects.toMatchObject({ status: 403 });
		const report = await authoring.licenceReport(deps(), { actor: admin, licence: 'cc0', limit: 50, offset: 0 });
		expect(report.counts.find((c) => c.licence === 'cc0')?.count).toBeGreaterThanOrEqual(1);
		expect(report.materials.find((m) => m.courseId === course.id)).toMatchObject({ licence: 'cc0', author: 'Jan Kowalski', courseTitle: 'Kurs licencji' });
	});
});
