import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { users, userRoles } from '../users/users.tables';
import type { Role } from '../users/users.tables';
import { activities, activityCompletions, courseAccess, courseCategories, courseSections, courseTrainers, courses, enrolments } from './courses.tables';
import {
	authoriseFileRead,
	enrol,
	getCourse,
	hashEnrolmentKey,
	leave,
	listCatalogue,
	listMyCourses,
	readActivity,
	setActivityDone,
	verifyEnrolmentKey
} from './courses.service';
import { coursesPrivacy } from './courses.privacy';
import { files } from '../files/files.tables';

let seq = 0;

describe.each(testDrivers())('courses on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-03-10T09:00:00Z'));
	const deps = () => ({ db: database.db, clock });

	async function person(roles: Role[] = []) {
		const [row] = await database.db.insert(users).values({ issuer: 'https://idp.test', subject: `s-${++seq}`, givenName: 'Test' }).returning();
		for (const role of roles) await database.db.insert(userRoles).values({ userId: row.id, role, source: 'app' });
		return { id: row.id, roles: ['participant', ...roles] as Role[] };
	}

	/** A course with two sections: three lessons (the third optional, completed on view) and a file. */
	async function course(values: Partial<typeof courses.$inferInsert> = {}) {
		const n = ++seq;
		const [c] = await database.db
			.insert(courses)
			.values({ slug: `kurs-${n}`, title: `Kurs ${n}`, status: 'published', visibility: 'public', publishedAt: clock.now(), ...values })
			.returning();
		const [s1, s2] = await database.db
			.insert(courseSections)
			.values([
				{ courseId: c.id, title: 'Wprowadzenie', position: 1 },
				{ courseId: c.id, title: 'Praktyka', position: 2 }
			])
			.returning();
		const acts = await database.db
			.insert(activities)
			.values([
				{ courseId: c.id, sectionId: s2.id, type: 'lesson', title: 'L3', position: 1, required: false, completion: 'view' },
				{ courseId: c.id, sectionId: s1.id, type: 'lesson', title: 'L1', position: 1, bodyMd: '# Tytuł\n<script>x</script>' },
				{ courseId: c.id, sectionId: s1.id, type: 'lesson', title: 'L2', position: 2 }
			])
			.returning();
		const byTitle = Object.fromEntries(acts.map((a) => [a.title, a]));
		return { course: c, l1: byTitle.L1, l2: byTitle.L2, l3: byTitle.L3 };
	}

	const rowCounts = async () => ({
		enrolments: (await database.db.select().from(enrolments)).length,
		completions: (await database.db.select().from(activityCompletions)).length
	});

	beforeAll(async () => {
		database = await createTestDatabase(driver);
	});
	afterAll(async () => {
		await database?.close();
	});

	describe('catalogue', () => {
		it('lists published courses of every visibility, searches ignoring case and Polish diacritics, filters by category and pages', async () => {
			const [cat] = await database.db.insert(courseCategories).values({ slug: 'rodo', name: 'RODO' }).returning();
			await course({ title: 'Żółć i ŁOSOŚ w urzędzie', categoryId: cat.id, keywords: 'ryby' });
			await course({ title: 'Zarządzanie', summary: 'O zażółceniu', visibility: 'outline' });
			await course({ title: 'Zamknięty żółw', visibility: 'private' });
			await course({ title: 'Szkic żółci', status: 'draft' });
			const found = await listCatalogue({ db: database.db }, { search: 'ZOLC' });
			expect(found.items.map((i) => i.title).sort()).toEqual(['Zarządzanie', 'Żółć i ŁOSOŚ w urzędzie']);
			expect((await listCatalogue({ db: database.db }, { search: 'łosoś' })).items).toHaveLength(1);
			expect((await listCatalogue({ db: database.db }, { search: 'RYBY' })).items).toHaveLength(1);
			expect((await listCatalogue({ db: database.db }, { search: 'żółw' })).items[0].visibility).toBe('private');
			expect((await listCatalogue({ db: database.db }, { search: '%' })).items).toHaveLength(0);
			const inCategory = await listCatalogue({ db: database.db }, { category: 'rodo' });
			expect(inCategory.items.map((i) => i.title)).toEqual(['Żółć i ŁOSOŚ w urzędzie']);
			expect((await listCatalogue({ db: database.db }, { category: 'brak' })).items).toEqual([]);
			const page1 = await listCatalogue({ db: database.db }, { search: 'z', pageSize: 2 });
			const page2 = await listCatalogue({ db: database.db }, { search: 'z', pageSize: 2, page: 2 });
			expect(page1.hasNext).toBe(true);
			expect(page2.items.map((i) => i.id)).not.toContain(page1.items[0].id);
			expect((await listCatalogue({ db: database.db }, { search: 'żółć', onlyOpen: true })).items.every((i) => i.visibility !== 'private')).toBe(true);
		});
	});

	describe('reading', () => {
		it('a visitor reads a public course’s lesson, rendered safely, with previous and next in section order', async () => {
			const { course: c, l1, l2, l3 } = await course();
			const read = await readActivity(deps(), { slug: c.slug, activityId: l2.id, user: null });
			expect(read.previous?.id).toBe(l1.id);
			expect(read.next?.id).toBe(l3.id);
			const first = await readActivity(deps(), { slug: c.slug, activityId: l1.id, user: null });
			expect(first.bodyHtml).toContain('<h1>Tytuł</h1>');
			expect(first.bodyHtml).not.toContain('<script>');
			expect(first.progress).toBeNull();
		});

		it('a visitor gets courses.not_found for a lesson of a private or outline course, but sees an outline course’s structure', async () => {
			const priv = await course({ visibility: 'private' });
			const outline = await course({ visibility: 'outline' });
			const someone = await person();
			for (const user of [null, someone]) {
				await expect(readActivity(deps(), { slug: priv.course.slug, activityId: priv.l1.id, user })).rejects.toMatchObject({ code: 'courses.not_found', status: 404 });
				await expect(readActivity(deps(), { slug: outline.course.slug, activityId: outline.l1.id, user })).rejects.toMatchObject({ code: 'courses.not_found' });
			}
			const privView = await getCourse(deps(), { slug: priv.course.slug, user: null });
			expect(privView.sections).toBeNull();
			expect(privView.course.title).toBe(priv.course.title);
			const outlineView = await getCourse(deps(), { slug: outline.course.slug, user: null });
			expect(outlineView.sections?.flatMap((s) => s.activities.map((a) => a.title))).toEqual(['L1', 'L2', 'L3']);
		});

		it('a participant of course A cannot read course B’s lessons, nor an activity of A under B’s address', async () => {
			const a = await course({ visibility: 'private' });
			const b = await course({ visibility: 'private' });
			const user = await person();
			await enrol(deps(), { slug: a.course.slug, user });
			await expect(readActivity(deps(), { slug: b.course.slug, activityId: b.l1.id, user })).rejects.toMatchObject({ code: 'courses.not_found' });
			await expect(readActivity(deps(), { slug: b.course.slug, activityId: a.l1.id, user })).rejects.toMatchObject({ code: 'courses.not_found' });
			await expect(setActivityDone(deps(), { activityId: b.l1.id, user, done: true })).rejects.toMatchObject({ code: 'courses.not_found' });
			expect((await readActivity(deps(), { slug: a.course.slug, activityId: a.l1.id, user })).activity.id).toBe(a.l1.id);
		});

		it('drafts and unknown slugs are not found, except for the course’s trainers and admins', async () => {
			const draft = await course({ status: 'draft', visibility: 'public' });
			const trainer = await person(['trainer']);
			await database.db.insert(courseTrainers).values({ courseId: draft.course.id, userId: trainer.id, role: 'owner' });
			const otherTrainer = await person(['trainer']);
			await expect(getCourse(deps(), { slug: draft.course.slug, user: null })).rejects.toMatchObject({ code: 'courses.not_found' });
			await expect(getCourse(deps(), { slug: draft.course.slug, user: otherTrainer })).rejects.toMatchObject({ code: 'courses.not_found' });
			await expect(getCourse(deps(), { slug: 'nie-ma-takiego', user: null })).rejects.toMatchObject({ code: 'courses.not_found' });
			expect((await getCourse(deps(), { slug: draft.course.slug, user: trainer })).caps.edit).toBe(true);
			expect((await getCourse(deps(), { slug: draft.course.slug, user: await person(['admin']) })).relation).toBe('manager');
		});
	});

	describe('enrolment', () => {
		it('checks the enrolment key against its scrypt hash and changes nothing on a wrong key', async () => {
			const hash = await hashEnrolmentKey('Klucz-2026');
			expect(hash).toMatch(/^scrypt\$/);
			expect(await verifyEnrolmentKey({ key: ' Klucz-2026 ', stored: hash })).toBe(true);
			expect(await verifyEnrolmentKey({ key: 'klucz-2026', stored: hash })).toBe(false);
			expect(await verifyEnrolmentKey({ key: 'x', stored: 'garbage' })).toBe(false);
			const { course: c } = await course({ visibility: 'private', enrolmentKeyHash: hash });
			const user = await person();
			const before = await rowCounts();
			await expect(enrol(deps(), { slug: c.slug, user, key: 'zły' })).rejects.toMatchObject({ code: 'courses.enrolment_key_invalid', status: 400 });
			await expect(enrol(deps(), { slug: c.slug, user })).rejects.toMatchObject({ code: 'courses.enrolment_key_invalid' });
			expect(await rowCounts()).toEqual(before);
			await enrol(deps(), { slug: c.slug, user, key: 'Klucz-2026' });
			expect((await getCourse(deps(), { slug: c.slug, user })).relation).toBe('participant');
		});

		it('refuses enrolment outside the window or with self-enrolment off (courses.enrolment_closed), and accepts inside it', async () => {
			const now = clock.now().getTime();
			const early = await course({ enrolmentOpensAt: new Date(now + 86_400_000) });
			const late = await course({ enrolmentClosesAt: new Date(now - 1) });
			const off = await course({ selfEnrolment: false });
			const inside = await course({ enrolmentOpensAt: new Date(now - 1000), enrolmentClosesAt: new Date(now + 1000) });
			const user = await person();
			const before = await rowCounts();
			for (const c of [early, late, off]) {
				await expect(enrol(deps(), { slug: c.course.slug, user })).rejects.toMatchObject({ code: 'courses.enrolment_closed', status: 409 });
			}
			expect(await rowCounts()).toEqual(before);
			expect((await getCourse(deps(), { slug: early.course.slug, user })).enrolment).toMatchObject({ open: false, upcoming: true });
			await enrol(deps(), { slug: inside.course.slug, user });
			await enrol(deps(), { slug: inside.course.slug, user });
			expect((await rowCounts()).enrolments).toBe(before.enrolments + 1);
		});

		it('a visitor cannot enrol in a draft, and a course’s trainer does not enrol in it', async () => {
			const draft = await course({ status: 'draft' });
			const user = await person();
			await expect(enrol(deps(), { slug: draft.course.slug, user })).rejects.toMatchObject({ code: 'courses.not_found' });
			await expect(enrol(deps(), { slug: draft.course.slug, user: await person(['admin']) })).rejects.toMatchObject({ code: 'courses.manager_cannot_enrol' });
		});

		it('leaving ends the enrolment (content of a private course is hidden again) and leaving twice changes nothing', async () => {
			const { course: c, l1 } = await course({ visibility: 'private' });
			const user = await person();
			await enrol(deps(), { slug: c.slug, user });
			await leave(deps(), { slug: c.slug, user });
			await leave(deps(), { slug: c.slug, user });
			await expect(readActivity(deps(), { slug: c.slug, activityId: l1.id, user })).rejects.toMatchObject({ code: 'courses.not_found' });
			expect(await listMyCourses({ db: database.db }, { userId: user.id })).toEqual([]);
		});
	});

	describe('progress', () => {
		it('is the share of required activities done; marking is idempotent, undo works, view-completion needs no click', async () => {
			const { course: c, l1, l2, l3 } = await course();
			const user = await person();
			await enrol(deps(), { slug: c.slug, user });
			expect((await setActivityDone(deps(), { activityId: l1.id, user, done: true })).progress).toEqual({ done: 1, required: 2, percent: 50 });
			expect((await setActivityDone(deps(), { activityId: l1.id, user, done: true })).progress.percent).toBe(50);
			const viewed = await readActivity(deps(), { slug: c.slug, activityId: l3.id, user });
			expect(viewed.done).toBe(true);
			expect(viewed.progress).toEqual({ done: 1, required: 2, percent: 50 });
			await setActivityDone(deps(), { activityId: l2.id, user, done: true });
			expect((await getCourse(deps(), { slug: c.slug, user })).progress?.percent).toBe(100);
			expect((await setActivityDone(deps(), { activityId: l2.id, user, done: false })).progress.percent).toBe(50);
		});

		it('a visitor of a public course cannot save progress (courses.not_enrolled) and nothing is stored', async () => {
			const { course: c, l1, l3 } = await course();
			const user = await person();
			const before = await rowCounts();
			await expect(setActivityDone(deps(), { activityId: l1.id, user, done: true })).rejects.toMatchObject({ code: 'courses.not_enrolled', status: 403 });
			await readActivity(deps(), { slug: c.slug, activityId: l3.id, user });
			expect(await rowCounts()).toEqual(before);
			expect(await database.db.select().from(courseAccess).where(eq(courseAccess.userId, user.id))).toEqual([]);
		});

		it('My courses shows progress, first and last access, and continues at the first required activity not done', async () => {
			const { course: c, l1, l2 } = await course();
			const user = await person();
			await enrol(deps(), { slug: c.slug, user });
			clock.advance(60_000);
			await readActivity(deps(), { slug: c.slug, activityId: l1.id, user });
			await setActivityDone(deps(), { activityId: l1.id, user, done: true });
			const [mine] = await listMyCourses({ db: database.db }, { userId: user.id });
			expect(mine).toMatchObject({ slug: c.slug, progress: { done: 1, required: 2, percent: 50 }, continueActivityId: l2.id });
			expect(mine.lastAccessAt!.getTime()).toBe(clock.now().getTime());
			expect(mine.firstAccessAt!.getTime()).toBe(clock.now().getTime() - 60_000);
		});
	});

	describe('files', () => {
		it('a material file is downloadable where its lesson is readable, and not found elsewhere', async () => {
			const uploader = await person(['trainer']);
			const [file] = await database.db
				.insert(files)
				.values({ storageKey: `k-${++seq}`, originalName: 'a.pdf', contentType: 'application/pdf', size: 1, sha256: 'x', uploadedBy: uploader.id })
				.returning();
			await expect(authoriseFileRead({ db: database.db }, { fileId: file.id, uploadedBy: uploader.id, user: null })).rejects.toMatchObject({ code: 'courses.not_found' });
			await authoriseFileRead({ db: database.db }, { fileId: file.id, uploadedBy: uploader.id, user: uploader });
			const priv = await course({ visibility: 'private' });
			await database.db.update(activities).set({ type: 'file', fileId: file.id }).where(eq(activities.id, priv.l2.id));
			const member = await person();
			await enrol(deps(), { slug: priv.course.slug, user: member });
			await authoriseFileRead({ db: database.db }, { fileId: file.id, uploadedBy: uploader.id, user: member });
			await expect(authoriseFileRead({ db: database.db }, { fileId: file.id, uploadedBy: uploader.id, user: await person() })).rejects.toMatchObject({ code: 'courses.not_found' });
		});
	});

	describe('privacy', () => {
		it('exports and erases a person’s enrolments, completions and access dates', async () => {
			const { course: c, l1 } = await course();
			const user = await person();
			await enrol(deps(), { slug: c.slug, user });
			await setActivityDone(deps(), { activityId: l1.id, user, done: true });
			const { data: exported } = await coursesPrivacy.export(database.db, user.id);
			expect(exported.enrolments).toHaveLength(1);
			expect(exported.completions).toMatchObject([{ activity: 'L1' }]);
			expect(exported.courseAccess).toHaveLength(1);
			await database.db.transaction((tx) => coursesPrivacy.erase(tx, user.id));
			expect((await coursesPrivacy.export(database.db, user.id)).data).toEqual({ enrolments: [], completions: [], courseAccess: [], teaching: [], created: [] });
		});
	});
});
