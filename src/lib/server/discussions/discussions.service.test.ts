import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, testDrivers } from '../../../../tests/support/db';
import { discussionFixtures } from '../../../../tests/support/discussion-fixtures';
import { fixedClock } from '../platform/clock';
import type { Database } from '../db/client';
import { createMailer } from '../mail/mail.service';
import { mailOutbox } from '../mail/mail.tables';
import { auditLog } from '../admin/admin.tables';
import { notifications } from '../notifications/notifications.tables';
import { discussionPosts } from './discussions.tables';
import { EDIT_WINDOW_MS, createPost, editOwnPost, getDiscussion, moderatePost, postAnnouncement } from './discussions.service';
import { discussionsPrivacy } from './discussions.privacy';

const codeOf = async (work: Promise<unknown>) => {
	try {
		await work;
		return 'ok';
	} catch (error) {
		return (error as { code?: string }).code ?? String(error);
	}
};

describe.each(testDrivers())('course discussions on %s', (driver) => {
	let database: Database;
	const clock = fixedClock(new Date('2026-03-10T09:00:00Z'));
	let f: ReturnType<typeof discussionFixtures>;
	const deps = () => ({
		db: database.db,
		clock,
		origin: 'https://szkolenia.example.gov.pl',
		mail: createMailer({ db: database.db, clock, logger: pino({ level: 'silent' }), config: { from: 'x@example.test', workerIntervalMs: 1000, maxAttempts: 3 } })
	});
	const countPosts = async (courseId: string) => (await database.db.select().from(discussionPosts).where(eq(discussionPosts.courseId, courseId))).length;
	const notificationsOf = (userId: string) => database.db.select().from(notifications).where(eq(notifications.userId, userId));

	beforeAll(async () => {
		database = await createTestDatabase(driver);
		f = discussionFixtures(database.db);
	});
	afterAll(async () => {
		await database?.close();
	});

	it('lets a participant and a manager post, and refuses a visitor, changing nothing', async () => {
		const course = await f.course({ visibility: 'public' });
		const participant = await f.person();
		const trainer = await f.person({ roles: ['trainer'] });
		const visitor = await f.person();
		const otherTrainer = await f.person({ roles: ['trainer'] });
		await f.enrol(course.id, participant.id);
		await f.addTrainer(course.id, trainer.id);
		const post = (user: typeof visitor) => createPost(deps(), { user, courseId: course.id, activityId: null, parentId: null, body: 'Dzień dobry' });

		expect(await codeOf(post(participant))).toBe('ok');
		expect(await codeOf(post(trainer))).toBe('ok');
		expect(await codeOf(post(visitor))).toBe('discussions.forbidden');
		expect(await codeOf(post(otherTrainer))).toBe('discussions.forbidden');
		expect(await countPosts(course.id)).toBe(2);
	});

	it('shows a public course discussion to an anonymous visitor read-only, and hides a private one', async () => {
		const open = await f.course({ visibility: 'public' });
		const closed = await f.course({ visibility: 'private' });
		const participant = await f.person();
		await f.enrol(open.id, participant.id);
		await createPost(deps(), { user: participant, courseId: open.id, activityId: null, parentId: null, body: 'Widoczny wpis' });

		const anonymous = await getDiscussion(deps(), { user: null, courseSlug: open.slug, activityId: null });
		expect(anonymous).toMatchObject({ canRead: true, canPost: false, canModerate: false });
		expect(anonymous.threads.map((t) => t.html)).toEqual(['<p>Widoczny wpis</p>\n']);
		expect(anonymous.threads[0].source).toBeNull();

		const hidden = await getDiscussion(deps(), { user: null, courseSlug: closed.slug, activityId: null });
		expect(hidden).toMatchObject({ canRead: false, canPost: false, threads: [] });
	});

	it('answers "not found" for a draft course to everyone but its managers, and refuses posting there', async () => {
		const draft = await f.course({ status: 'draft' });
		const participant = await f.person();
		const admin = await f.person({ roles: ['admin'] });
		await f.enrol(draft.id, participant.id);
		expect(await codeOf(getDiscussion(deps(), { user: participant, courseSlug: draft.slug, activityId: null }))).toBe('discussions.not_found');
		expect(await codeOf(createPost(deps(), { user: participant, courseId: draft.id, activityId: null, parentId: null, body: 'x' }))).toBe('discussions.not_found');
		expect(await codeOf(createPost(deps(), { user: admin, courseId: draft.id, activityId: null, parentId: null, body: 'test' }))).toBe('ok');
		expect(await countPosts(draft.id)).toBe(1);
	});

	it('lets an enrolled participant of a private course post, and refuses a signed-in stranger', async () => {
		const course = await f.course({ visibility: 'private' });
		const participant = await f.person();
		const stranger = await f.person();
		await f.enrol(course.id, participant.id);
		expect(await codeOf(createPost(deps(), { user: participant, courseId: course.id, activityId: null, parentId: null, body: 'Pytanie' }))).toBe('ok');
		expect(await codeOf(createPost(deps(), { user: stranger, courseId: course.id, activityId: null, parentId: null, body: 'Pytanie' }))).toBe('discussions.forbidden');
		expect((await getDiscussion(deps(), { user: stranger, courseSlug: course.slug, activityId: null })).threads).toEqual([]);
		expect(await countPosts(course.id)).toBe(1);
	});

	it('takes posts in a lesson discussion only when the trainer enabled it', async () => {
		const course = await f.course();
		const participant = await f.person();
		await f.enrol(course.id, participant.id);
		await createPost(deps(), { user: participant, courseId: course.id, activityId: course.lessonId, parentId: null, body: 'O lekcji' });
		expect(await codeOf(createPost(deps(), { user: participant, courseId: course.id, activityId: course.closedLessonId, parentId: null, body: 'x' }))).toBe(
			'discussions.not_found'
		);
		const lesson = await getDiscussion(deps(), { user: participant, courseSlug: course.slug, activityId: course.lessonId });
		const general = await getDiscussion(deps(), { user: participant, courseSlug: course.slug, activityId: null });
		expect(lesson.threads).toHaveLength(1);
		expect(general.threads).toHaveLength(0);
	});

	it('refuses an empty body and one over 10,000 characters, storing nothing', async () => {
		const course = await f.course();
		const participant = await f.person();
		await f.enrol(course.id, participant.id);
		for (const body of ['   ', 'x'.repeat(10_001)]) {
			expect(await codeOf(createPost(deps(), { user: participant, courseId: course.id, activityId: null, parentId: null, body }))).toBe('discussions.invalid_body');
		}
		expect(await codeOf(createPost(deps(), { user: participant, courseId: course.id, activityId: null, parentId: null, body: 'x'.repeat(10_000) }))).toBe('ok');
		expect(await countPosts(course.id)).toBe(1);
	});

	it('threads replies under their post and notifies the parent author only, never the replier', async () => {
		const course = await f.course();
		const author = await f.person();
		const replier = await f.person({ givenName: 'Marta' });
		await f.enrol(course.id, author.id);
		await f.enrol(course.id, replier.id);
		const parent = await createPost(deps(), { user: author, courseId: course.id, activityId: null, parentId: null, body: 'Pytanie' });
		clock.advance(1000);
		const reply = await createPost(deps(), { user: replier, courseId: course.id, activityId: null, parentId: parent.id, body: 'Odpowiedź' });
		// A reply to a reply joins the same thread and notifies the reply's author.
		clock.advance(1000);
		await createPost(deps(), { user: author, courseId: course.id, activityId: null, parentId: reply.id, body: 'Dziękuję' });
		clock.advance(1000);
		await createPost(deps(), { user: author, courseId: course.id, activityId: null, parentId: parent.id, body: 'Do siebie' });

		const view = await getDiscussion(deps(), { user: author, courseSlug: course.slug, activityId: null });
		expect(view.threads).toHaveLength(1);
		expect(view.threads[0].replies.map((r) => r.html)).toEqual(['<p>Odpowiedź</p>\n', '<p>Dziękuję</p>\n', '<p>Do siebie</p>\n']);
		const toAuthor = await notificationsOf(author.id);
		const toReplier = await notificationsOf(replier.id);
		expect(toAuthor.map((n) => n.kind)).toEqual(['post_reply']);
		expect(toAuthor[0].title).toContain('Marta');
		expect(toAuthor[0].url).toBe(`/courses/${course.slug}/discussion#post-${reply.id}`);
		expect(toReplier.map((n) => n.kind)).toEqual(['post_reply']);
	});

	it('lets authors edit their own post within the window, then refuses with edit_window_closed', async () => {
		const course = await f.course();
		const author = await f.person();
		const other = await f.person();
		await f.enrol(course.id, author.id);
		await f.enrol(course.id, other.id);
		const post = await createPost(deps(), { user: author, courseId: course.id, activityId: null, parentId: null, body: 'Pierwsza wersja' });
		expect(await codeOf(editOwnPost(deps(), { user: other, postId: post.id, body: 'Cudza zmiana' }))).toBe('discussions.forbidden');
		clock.advance(EDIT_WINDOW_MS - 1000);
		expect(await codeOf(editOwnPost(deps(), { user: author, postId: post.id, body: 'Druga wersja' }))).toBe('ok');
		clock.advance(2000);
		expect(await codeOf(editOwnPost(deps(), { user: author, postId: post.id, body: 'Za późno' }))).toBe('discussions.edit_window_closed');
		const [row] = await database.db.select().from(discussionPosts).where(eq(discussionPosts.id, post.id));
		expect(row.bodyMd).toBe('Druga wersja');
		expect(row.editedAt).not.toBeNull();
	});

	it('lets a manager remove a post with a reason: audited, the author notified, replies kept', async () => {
		const course = await f.course({ title: 'Kurs <b>RODO</b>' });
		const author = await f.person({ locale: 'en' });
		const trainer = await f.person({ roles: ['trainer'] });
		const participant = await f.person();
		await f.enrol(course.id, author.id);
		await f.enrol(course.id, participant.id);
		await f.addTrainer(course.id, trainer.id);
		const post = await createPost(deps(), { user: author, courseId: course.id, activityId: null, parentId: null, body: 'Spam' });
		await createPost(deps(), { user: participant, courseId: course.id, activityId: null, parentId: post.id, body: 'Odpowiedź' });

		expect(await codeOf(moderatePost(deps(), { user: participant, postId: post.id, action: 'remove', reason: 'Nie podoba mi się' }))).toBe('discussions.forbidden');
		expect(await codeOf(moderatePost(deps(), { user: trainer, postId: post.id, action: 'remove', reason: ' ' }))).toBe('discussions.invalid_reason');
		expect((await database.db.select().from(auditLog).where(eq(auditLog.targetId, post.id))).length).toBe(0);

		await moderatePost(deps(), { user: trainer, postId: post.id, action: 'remove', reason: 'Reklama <script>' });
		const [audit] = await database.db.select().from(auditLog).where(and(eq(auditLog.targetId, post.id), eq(auditLog.action, 'discussions.post_removed')));
		expect(audit).toMatchObject({ actorId: trainer.id, targetType: 'post', reason: 'Reklama <script>' });
		const [note] = (await notificationsOf(author.id)).filter((n) => n.kind === 'post_moderated');
		expect(note.title).toBe('A moderator removed your post in the course “Kurs <b>RODO</b>”');
		expect(note.body).toBe('Reason: Reklama <script>');
		const [mail] = (await database.db.select().from(mailOutbox).where(eq(mailOutbox.to, author.email!))).filter((m) => m.subject.startsWith('A moderator'));
		expect(mail.html).toContain('Kurs &lt;b&gt;RODO&lt;/b&gt;');
		expect(mail.html).toContain('Reason: Reklama &lt;script&gt;');
		expect(mail.html).not.toContain('<script>');

		const view = await getDiscussion(deps(), { user: participant, courseSlug: course.slug, activityId: null });
		expect(view.threads[0]).toMatchObject({ removed: true, html: '', source: null });
		expect(view.threads[0].replies).toHaveLength(1);
		expect(await codeOf(moderatePost(deps(), { user: trainer, postId: post.id, action: 'remove', reason: 'Jeszcze raz' }))).toBe('discussions.post_removed');
	});

	it('lets a manager edit a post with a reason, audited as post_edited', async () => {
		const course = await f.course();
		const author = await f.person();
		const admin = await f.person({ roles: ['admin'] });
		await f.enrol(course.id, author.id);
		const post = await createPost(deps(), { user: author, courseId: course.id, activityId: null, parentId: null, body: 'Mój numer PESEL to 123' });
		await moderatePost(deps(), { user: admin, postId: post.id, action: 'edit', body: 'Mój numer PESEL to [usunięto]', reason: 'Dane osobowe' });
		const [row] = await database.db.select().from(discussionPosts).where(eq(discussionPosts.id, post.id));
		expect(row).toMatchObject({ bodyMd: 'Mój numer PESEL to [usunięto]', moderationReason: 'Dane osobowe', moderatedBy: admin.id });
		const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, post.id));
		expect(audit).toMatchObject({ action: 'discussions.post_edited', reason: 'Dane osobowe' });
		expect((await notificationsOf(author.id)).map((n) => n.kind)).toEqual(['post_moderated']);
	});

	it('sends an announcement to each enrolled participant, and refuses one from a participant', async () => {
		const course = await f.course({ visibility: 'private' });
		const trainer = await f.person({ roles: ['trainer'] });
		const a = await f.person();
		const b = await f.person();
		const outsider = await f.person();
		await f.addTrainer(course.id, trainer.id);
		await f.enrol(course.id, a.id);
		await f.enrol(course.id, b.id);
		expect(await codeOf(postAnnouncement(deps(), { user: a, courseId: course.id, body: 'Fałszywe ogłoszenie' }))).toBe('discussions.forbidden');
		await postAnnouncement(deps(), { user: trainer, courseId: course.id, body: 'Zajęcia przeniesione na piątek' });
		for (const person of [a, b]) {
			const got = await notificationsOf(person.id);
			expect(got.map((n) => [n.kind, n.body])).toEqual([['announcement', 'Zajęcia przeniesione na piątek']]);
		}
		expect(await notificationsOf(outsider.id)).toEqual([]);
		expect(await notificationsOf(trainer.id)).toEqual([]);
		expect(await countPosts(course.id)).toBe(1);
	});

	it('renders stored XSS payloads inert', async () => {
		const course = await f.course();
		const author = await f.person();
		await f.enrol(course.id, author.id);
		await createPost(deps(), { user: author, courseId: course.id, activityId: null, parentId: null, body: '<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))' });
		const [thread] = (await getDiscussion(deps(), { user: null, courseSlug: course.slug, activityId: null })).threads;
		// Raw HTML comes out as text and the javascript: link is not made a link.
		expect(thread.html).not.toMatch(/<img|<a |javascript:[^)]*"/i);
		expect(thread.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
	});

	it('privacy: exports a person\'s posts and erases the link to them, keeping the posts as "deleted user"', async () => {
		const course = await f.course();
		const author = await f.person();
		await f.enrol(course.id, author.id);
		const post = await createPost(deps(), { user: author, courseId: course.id, activityId: null, parentId: null, body: 'Moje zdanie' });
		const { data: exported } = await discussionsPrivacy.export(database.db, author.id);
		expect(exported.posts.map((p) => p.body)).toEqual(['Moje zdanie']);
		await database.db.transaction((tx) => discussionsPrivacy.erase(tx, author.id));
		const [row] = await database.db.select().from(discussionPosts).where(eq(discussionPosts.id, post.id));
		expect(row.authorId).toBeNull();
		const view = await getDiscussion(deps(), { user: null, courseSlug: course.slug, activityId: null });
		expect(view.threads[0].authorName).toBeNull();
	});
});
