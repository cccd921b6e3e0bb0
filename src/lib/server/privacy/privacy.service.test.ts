import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import pino from 'pino';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { findPersonalData } from '../../../../tests/support/find-personal-data';
import type { Database } from '../db/client';
import { fixedClock } from '../platform/clock';
import { createFileStore, type FileStore } from '../files/index';
import { files } from '../files/files.tables';
import { createMailer } from '../mail/mail.service';
import { insertMail } from '../mail/mail.repository';
import { mailOutbox } from '../mail/mail.tables';
import { insertSession, recordAccess } from '../auth/auth.repository';
import { sessions } from '../auth/auth.tables';
import { appendAudit } from '../admin/admin.repository';
import { auditLog } from '../admin/admin.tables';
import { documentAcceptances, processingConsents } from '../legal/legal.tables';
import { createPost, getDiscussion } from '../discussions/discussions.service';
import { discussionPosts } from '../discussions/discussions.tables';
import { activityCompletions, courseAccess, enrolments } from '../courses/courses.tables';
import { upsertFromClaims } from '../users/users.service';
import { userRoles, users } from '../users/users.tables';
import { loadConfig } from '../config/config';
import { buildExportZip, eraseAccount, removeAvatar, setAvatar, updateNames } from './privacy.service';
import { privacyRequests } from './privacy.tables';

/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const ISS = 'https://test.invalid';

describe.each(testDrivers())('privacy on %s', (driver) => {
	let database: Database;
	let store: FileStore;
	let dataDir: string;
	const clock = fixedClock(new Date('2026-03-10T09:00:00Z'));
	let f: ReturnType<typeof discussionFixtures>;
	const deps = () => ({ db: database.db, clock, files: store });
	const discussionDeps = () => ({
		db: database.db,
		clock,
		origin: 'https://szkolenia.example.gov.pl',
		mail: createMailer({ db: database.db, clock, logger: pino({ level: 'silent' }), config: { from: 'x@example.test', workerIntervalMs: 1000, maxAttempts: 3 } })
	});

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-'));
		store = createFileStore({ db: database.db, dataDir });
		f = discussionFixtures(database.db);
	});
	afterAll(async () => {
		await database?.close();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	/** Two people who share a course: each with posts, access records, mail, consents, requests; the first also with an avatar. */
	async function twoPeople(n: number) {
		const a = await f.person({ givenName: `Eulalia${n}`, email: `eulalia${n}.zdzieblowska@example.test`, roles: ['trainer'] });
		await database.db.update(users).set({ familyName: `Zdziebłowska${n}` }).where(eq(users.id, a.id));
		const b = await f.person({ givenName: `Bonifacy${n}`, email: `bonifacy${n}@example.test` });
		await database.db.update(users).set({ familyName: `Grzmot${n}` }).where(eq(users.id, b.id));
		const course = await f.course();
		await f.enrol(course.id, a.id);
		await f.enrol(course.id, b.id);
		await f.addTrainer((await f.course()).id, a.id);
		await database.db.insert(activityCompletions).values({ activityId: course.lessonId, userId: a.id, courseId: course.id });
		await database.db.insert(courseAccess).values({ courseId: course.id, userId: a.id, firstAccessAt: clock.now(), lastAccessAt: clock.now() });
		const postB = await createPost(discussionDeps(), { user: b, courseId: course.id, activityId: null, parentId: null, body: 'Pytanie drugiej osoby' });
		await createPost(discussionDeps(), { user: a, courseId: course.id, activityId: null, parentId: postB.id, body: 'Odpowiedź pierwszej osoby' });
		const threadA = await createPost(discussionDeps(), { user: a, courseId: course.id, activityId: null, parentId: null, body: 'Wątek pierwszej osoby' });
		// The reply notifies the first person, naming the second.
		await createPost(discussionDeps(), { user: b, courseId: course.id, activityId: null, parentId: threadA.id, body: 'Odpowiedź drugiej osoby' });
		await recordAccess(database.db, { userId: a.id, ip: `203.0.113.${n}`, at: clock.now(), signIn: true });
		await recordAccess(database.db, { userId: b.id, ip: `198.51.100.${n}`, at: clock.now(), signIn: true });
		await insertSession(database.db, { idHash: `hash-a-${n}`, userId: a.id, expiresAt: new Date(clock.now().getTime() + 3_600_000), idpIssuer: ISS, idToken: `token-${a.email}` });
		await database.db.insert(documentAcceptances).values({ userId: a.id, kind: 'terms', version: 1, acceptedAt: clock.now() });
		await database.db.insert(processingConsents).values({ userId: a.id, purpose: 'ranking', granted: true, at: clock.now() });
		await database.db.insert(userRoles).values({ userId: b.id, role: 'trainer', source: 'app', grantedBy: a.id });
		await appendAudit(database.db, { actorId: a.id, action: 'users.role_granted', targetType: 'user', targetId: b.id, at: clock.now() });
		const [request] = await database.db
			.insert(privacyRequests)
			.values({ kind: 'inquiry', status: 'pending', source: 'contact_form', userId: a.id, email: a.email, message: `Pytanie od Eulalia${n}`, requestedAt: clock.now(), dueAt: clock.now() })
			.returning();
		await insertMail(database.db, { to: a.email!, subject: `Witaj Eulalia${n}`, text: 'Treść' });
		await insertMail(database.db, { to: b.email!, subject: 'Witaj', text: 'Treść dla drugiej osoby' });
		await setAvatar(deps(), { userId: a.id, bytes: PNG, originalName: 'me.png' });
		await store.storeFile({ bytes: new TextEncoder().encode('Materiały kursu'), originalName: 'notatki.txt', uploadedBy: a.id });
		const [personA] = await database.db.select().from(users).where(eq(users.id, a.id));
		const [personB] = await database.db.select().from(users).where(eq(users.id, b.id));
		return { a: personA, b: personB, course, request, postB };
	}

	it('exports every domain’s data of the person into a ZIP with data.json, README.txt and the avatar, and nothing of another person', async () => {
		const { a, b } = await twoPeople(1);
		const zip = unzipSync(await buildExportZip(deps(), a.id));
		expect(Object.keys(zip).sort()).toEqual(['README.txt', 'avatar.png', 'data.json']);
		expect(Buffer.from(zip['avatar.png']).equals(PNG)).toBe(true);
		expect(strFromU8(zip['README.txt'])).toMatch(/Eksport Twoich danych.*Export of your personal data/s);
		const text = strFromU8(zip['data.json']);
		const data = JSON.parse(text);
		expect(data).toMatchObject({
			exportedAt: '2026-03-10T09:00:00.000Z',
			format: 'wzp-export/1',
			account: { givenName: 'Eulalia1', familyName: 'Zdziebłowska1', email: a.email, roles: [{ role: 'trainer', grantedBy: 'administrator' }] },
			access: { accessLog: [{ ip: '203.0.113.1', day: '2026-03-10', firstAt: '2026-03-10T09:00:00.000Z', signIns: 1 }], sessions: [{ expiresAt: '2026-03-10T10:00:00.000Z' }] },
			courses: { enrolments: [{}], completions: [{ activity: 'Lekcja' }], courseAccess: [{}], teaching: [{ role: 'owner' }] },
			consents: { acceptances: [{ kind: 'terms', version: 1 }], consents: [{ purpose: 'ranking', granted: true }] },
			requests: { requests: [{ kind: 'inquiry', status: 'pending', message: 'Pytanie od Eulalia1' }] },
			audit: { actionsTaken: [{ action: 'users.role_granted', targetType: 'user' }] },
			files: { uploaded: expect.arrayContaining([expect.objectContaining({ name: 'notatki.txt' })]) }
		});
		expect(data.discussions.posts.map((p: { body: string }) => p.body).sort()).toEqual(['Odpowiedź pierwszej osoby', 'Wątek pierwszej osoby']);
		expect(data.notifications.notifications).toMatchObject([{ kind: 'post_reply' }]);
		for (const other of [b.givenName!, b.familyName!, b.email!, b.id, '198.51.100.1', 'Pytanie drugiej osoby', 'Odpowiedź drugiej osoby']) expect(text).not.toContain(other);
		expect(text).not.toMatch(/hash-a-1|token-/);
	});

	it('erases the account so that neither name nor email nor address is found in any column of any table, leaving the other person untouched', async () => {
		const { a, b, course, request } = await twoPeople(2);
		const [avatar] = await database.db.select().from(files).where(eq(files.id, a.avatarFileId!));
		expect(fs.existsSync(path.join(dataDir, 'files', avatar.storageKey))).toBe(true);
		expect(await findPersonalData(database.db, [a.givenName!, a.familyName!, a.email!])).not.toEqual([]);
		const bTraces = await findPersonalData(database.db, [b.givenName!, b.familyName!, b.email!]);

		await eraseAccount(deps(), { userId: a.id, actorId: null, reason: 'wniosek osoby', requestId: request.id });

		expect(await findPersonalData(database.db, [a.givenName!, a.familyName!, a.email!, '203.0.113.2'])).toEqual([]);
		// The other person is still everywhere they were, except in what the erased person received (notifications, mail).
		const received = (h: { table: string }) => h.table !== 'notifications' && h.table !== 'mail_outbox';
		expect((await findPersonalData(database.db, [b.givenName!, b.familyName!, b.email!])).filter(received)).toEqual(bTraces.filter(received));
		expect(bTraces.filter(received).map((h) => h.table)).toContain('users');
		expect(fs.existsSync(path.join(dataDir, 'files', avatar.storageKey))).toBe(false);
		expect(await database.db.select().from(users).where(eq(users.id, a.id))).toEqual([]);
		expect(await database.db.select().from(sessions).where(eq(sessions.userId, a.id))).toEqual([]);
		expect(await database.db.select().from(enrolments).where(eq(enrolments.userId, b.id))).toHaveLength(1);
		expect(await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, b.email!))).not.toEqual([]);
		expect(await database.db.select().from(userRoles).where(eq(userRoles.userId, b.id))).toMatchObject([{ role: 'trainer', grantedBy: null }]);

		const posts = await database.db.select().from(discussionPosts).where(eq(discussionPosts.courseId, course.id));
		expect(posts).toHaveLength(4);
		expect(posts.filter((p) => p.authorId === null)).toHaveLength(2);
		const view = await getDiscussion(discussionDeps(), { user: null, courseSlug: course.slug, activityId: null });
		const threadA = view.threads.find((t) => t.html.includes('Wątek pierwszej osoby'));
		expect(threadA?.authorName).toBeNull();
		expect(threadA?.replies.map((r) => r.authorName)).toEqual([`${b.givenName} ${b.familyName}`]);
		expect(view.threads.find((t) => t.html.includes('Pytanie drugiej osoby'))?.replies.map((r) => r.authorName)).toEqual([null]);

		const [kept] = await database.db.select().from(privacyRequests).where(eq(privacyRequests.id, request.id));
		expect(kept).toMatchObject({ status: 'pending', userId: null, email: null, message: null });

		const entries = await database.db.select().from(auditLog).where(eq(auditLog.action, 'users.deleted'));
		const entry = entries.find((e) => (e.details as { requestId?: string }).requestId === request.id);
		expect(entry).toMatchObject({ actorId: null, targetType: 'user', targetId: null, reason: 'wniosek osoby', details: { requestId: request.id } });
		expect(JSON.stringify(entry)).not.toContain(a.id);
	});

	it('lets a later sign-in with the same identity create a fresh, empty account', async () => {
		const { a } = await twoPeople(3);
		await eraseAccount(deps(), { userId: a.id, actorId: null, reason: null });
		const config = loadConfig({});
		const again = await upsertFromClaims(
			{ db: database.db, clock, rules: { fields: config.oidc.fields, rolesClaim: undefined, roleValues: config.oidc.roleValues } },
			{ issuer: a.issuer, claims: { sub: a.subject, given_name: 'Nowa' } }
		);
		expect(again.id).not.toBe(a.id);
		const zip = unzipSync(await buildExportZip(deps(), again.id));
		const data = JSON.parse(strFromU8(zip['data.json']));
		expect(data.courses.enrolments).toEqual([]);
		expect(data.discussions.posts).toEqual([]);
		expect(data.access.accessLog).toEqual([]);
	});

	it('runs inside the caller’s transaction: when the caller rolls back nothing is erased', async () => {
		const { a } = await twoPeople(4);
		await expect(
			database.db.transaction(async (tx) => {
				await eraseAccount(deps(), { userId: a.id, actorId: null, reason: null }, tx);
				throw new Error('caller failed');
			})
		).rejects.toThrow('caller failed');
		expect(await database.db.select().from(users).where(eq(users.id, a.id))).toHaveLength(1);
		expect(await database.db.select().from(enrolments).where(eq(enrolments.userId, a.id))).toHaveLength(1);
	});

	it('records the administrator who deleted an account, and refuses an unknown account', async () => {
		const { a, b } = await twoPeople(5);
		await eraseAccount(deps(), { userId: a.id, actorId: b.id, reason: 'naruszenie regulaminu' });
		const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.reason, 'naruszenie regulaminu'));
		expect(entry).toMatchObject({ actorId: b.id, action: 'users.deleted', targetId: null, details: { requestId: null } });
		await expect(eraseAccount(deps(), { userId: a.id, actorId: null, reason: null })).rejects.toMatchObject({ code: 'users.not_found' });
	});

	describe('rectification', () => {
		it('changes names not managed by the provider and refuses managed ones', async () => {
			const person = await f.person({ givenName: 'Stare' });
			await updateNames(deps(), { userId: person.id, givenName: 'Nowe', familyName: '' });
			expect((await database.db.select().from(users).where(eq(users.id, person.id)))[0]).toMatchObject({ givenName: 'Nowe', familyName: null });
			await database.db.update(users).set({ managedFields: ['given_name'] }).where(eq(users.id, person.id));
			await expect(updateNames(deps(), { userId: person.id, givenName: 'Inne', familyName: 'X' })).rejects.toMatchObject({ code: 'privacy.field_managed', status: 409 });
			await updateNames(deps(), { userId: person.id, givenName: 'Nowe', familyName: 'Nazwisko' });
			expect((await database.db.select().from(users).where(eq(users.id, person.id)))[0]).toMatchObject({ givenName: 'Nowe', familyName: 'Nazwisko' });
		});

		it('accepts a PNG avatar by its content, replaces the old file, refuses other types, too large files and a managed picture', async () => {
			const person = await f.person();
			await setAvatar(deps(), { userId: person.id, bytes: PNG, originalName: 'a.gif' });
			const [first] = await database.db.select().from(users).where(eq(users.id, person.id));
			const [firstFile] = await database.db.select().from(files).where(eq(files.id, first.avatarFileId!));
			expect(firstFile.contentType).toBe('image/png');
			await setAvatar(deps(), { userId: person.id, bytes: PNG, originalName: 'b.png' });
			const [second] = await database.db.select().from(users).where(eq(users.id, person.id));
			expect(second.avatarFileId).not.toBe(first.avatarFileId);
			expect(await database.db.select().from(files).where(eq(files.id, first.avatarFileId!))).toEqual([]);
			expect(fs.existsSync(path.join(dataDir, 'files', firstFile.storageKey))).toBe(false);

			const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
			await expect(setAvatar(deps(), { userId: person.id, bytes: gif, originalName: 'x.png' })).rejects.toMatchObject({ code: 'privacy.avatar_type' });
			await expect(setAvatar(deps(), { userId: person.id, bytes: new TextEncoder().encode('<svg></svg>'), originalName: 'x.png' })).rejects.toMatchObject({ code: 'privacy.avatar_type' });
			const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
			await expect(setAvatar(deps(), { userId: person.id, bytes: big, originalName: 'x.png' })).rejects.toMatchObject({ code: 'privacy.avatar_too_large', status: 413 });

			await removeAvatar(deps(), { userId: person.id });
			expect((await database.db.select().from(users).where(eq(users.id, person.id)))[0].avatarFileId).toBeNull();
			expect(await database.db.select().from(files).where(eq(files.id, second.avatarFileId!))).toEqual([]);

			await database.db.update(users).set({ managedFields: ['picture'] }).where(eq(users.id, person.id));
			await expect(setAvatar(deps(), { userId: person.id, bytes: PNG, originalName: 'b.png' })).rejects.toMatchObject({ code: 'privacy.field_managed' });
		});
	});
});
