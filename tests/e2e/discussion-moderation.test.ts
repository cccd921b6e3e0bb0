import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo, discussant, hostile } from './support/accounts';
import { DISCUSSION_COURSE } from './support/discussion-seed';
import { checkA11y, postForm, signInAtIdp, text, visit } from './support/pages';

const browser = useBrowser();
const discussionPath = `/courses/${DISCUSSION_COURSE.slug}/discussion`;

/** Publishes a post from the page's "new post" form and waits for the confirmation. */
async function publish(page: Page, body: string) {
	await page.getByLabel('Treść wpisu').fill(body);
	await page.getByRole('button', { name: 'Opublikuj wpis' }).click();
	await page.getByTestId('discussion-done').waitFor();
	await checkA11y(page);
}

/** The discussion is readable without signing in, so sign-in starts from the login route and returns here. */
async function openSignedIn(page: Page, path: string, username: string) {
	await page.goto(`/auth/login?returnTo=${encodeURIComponent(path)}`);
	await signInAtIdp(page, username);
	expect(new URL(page.url()).pathname).toBe(path);
}

async function expectInert(page: Page) {
	expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
	expect(await page.locator('[data-testid="post-body"] img').count()).toBe(0);
	expect(await page.locator('[data-testid="post-body"] a[href^="javascript:"]').count()).toBe(0);
}

describe('discussion journey: a participant posts, a moderator removes the post with a reason', () => {
	it('shows the post to visitors read-only, removes it with a reason and notifies its author', async () => {
		const participant = await browser.newPage();
		await openSignedIn(participant, discussionPath, discussant.username);
		expect(await text(participant.locator('h1'))).toBe(`Dyskusja kursu „${DISCUSSION_COURSE.title}”`);

		// An empty post is refused with a message next to the field.
		await participant.getByRole('button', { name: 'Opublikuj wpis' }).click();
		await participant.getByTestId('body-error').waitFor();
		await checkA11y(participant);
		expect(await text(participant.getByTestId('body-error'))).toBe('Wpisz treść: od 1 do 10 000 znaków.');

		await publish(participant, 'Czy materiały z **lekcji 2** będą dostępne w PDF?');
		const post = participant.getByTestId('post').filter({ hasText: 'Czy materiały z lekcji 2' });
		expect(await post.locator('strong').innerText()).toBe('lekcji 2');

		// An anonymous visitor reads the public course's discussion and is asked to log in to post.
		const visitor = await browser.newPage();
		// The course page leads to its discussion.
		await visit(visitor, `/courses/${DISCUSSION_COURSE.slug}`);
		await Promise.all([visitor.waitForURL(`**${discussionPath}`), visitor.getByTestId('course-discussion-link').click()]);
		await checkA11y(visitor);
		expect(await visitor.getByTestId('post-body').filter({ hasText: 'Czy materiały z lekcji 2' }).count()).toBe(1);
		const login = visitor.getByRole('link', { name: 'Zaloguj się, aby pisać w dyskusji' });
		expect(await login.getAttribute('href')).toBe(`/auth/login?returnTo=${encodeURIComponent(discussionPath)}`);
		expect(await visitor.getByLabel('Treść wpisu').count()).toBe(0);

		// The administrator (a manager of every course) removes it with a reason.
		const admin = await browser.newPage();
		await openSignedIn(admin, discussionPath, demo.admin.username);
		const target = admin.getByTestId('post').filter({ hasText: 'Czy materiały z lekcji 2' });
		await target.getByText('Moderuj wpis').click();
		await target.getByLabel('Powód (autor go zobaczy)').fill('Pytanie powtórzone w ogłoszeniach (test e2e)');
		await target.getByLabel('Potwierdzam moderację tego wpisu.').check();
		await checkA11y(admin);
		await target.getByRole('button', { name: 'Zastosuj moderację' }).click();
		await admin.getByTestId('discussion-done').waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('discussion-done'))).toContain('Wpis zmoderowano');
		expect(await admin.getByTestId('post-removed').count()).toBe(1);

		// The author sees the removal and the notification with the reason.
		await visit(participant, discussionPath);
		expect(await text(participant.getByTestId('post-removed').first())).toBe('Wpis usunięty przez moderatora');
		expect(await text(participant.getByTestId('nav-notifications'))).toContain('Powiadomienia');
		await visit(participant, '/notifications');
		const note = participant.getByTestId('notification').first();
		expect(await text(note)).toContain(`Moderator usunął Twój wpis w kursie „${DISCUSSION_COURSE.title}”`);
		expect(await text(note)).toContain('Powód: Pytanie powtórzone w ogłoszeniach (test e2e)');
		await participant.getByRole('button', { name: 'Oznacz wszystkie jako przeczytane' }).click();
		await participant.getByTestId('notifications-done').waitFor();
		await checkA11y(participant);
		expect(await text(participant.getByTestId('unread-summary'))).toBe('Nieprzeczytane: 0');
	});

	it('renders a stored XSS payload in a post inert', async () => {
		const participant = await browser.newPage();
		await openSignedIn(participant, discussionPath, discussant.username);
		await publish(participant, '<img src=x onerror="window.__xss=1"> i [link](javascript:window.__xss=2) oraz <script>window.__xss=3</script>');
		await expectInert(participant);
		expect(await text(participant.getByTestId('post-body').last())).toContain('<img src=x onerror="window.__xss=1">');

		const visitor = await browser.newPage();
		await visit(visitor, discussionPath);
		await expectInert(visitor);
	});

	it('a lesson discussion fits a 360px screen and a visitor is asked to log in there too', async () => {
		const participant = await browser.newPage({ viewport: { width: 360, height: 800 } });
		const lessonPath = `${discussionPath}/${DISCUSSION_COURSE.lessonId}`;
		await openSignedIn(participant, lessonPath, discussant.username);
		expect(await text(participant.locator('h1'))).toBe(`Dyskusja lekcji „${DISCUSSION_COURSE.lessonTitle}”`);
		await publish(participant, `Długi adres bez spacji: ${'https://example.gov.pl/'.padEnd(120, 'x')}`);
		expect(await participant.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);

		const visitor = await browser.newPage({ viewport: { width: 360, height: 800 } });
		await visit(visitor, lessonPath);
		expect(await visitor.getByTestId('post').count()).toBe(1);
		expect(await visitor.getByRole('link', { name: 'Zaloguj się, aby pisać w dyskusji' }).count()).toBe(1);
		expect(await visitor.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
	});

	it('refuses a post from a signed-in person not enrolled (403) and from an anonymous visitor (to sign-in), storing nothing', async () => {
		const stranger = await browser.newPage();
		await openSignedIn(stranger, discussionPath, hostile.username);
		expect(await text(stranger.locator('main'))).toContain('Aby pisać w dyskusji, zapisz się na kurs.');
		const before = await stranger.getByTestId('post').count();
		const refused = await postForm(stranger, `${discussionPath}?/post`, { body: 'Wpis osoby spoza kursu' });
		expect(refused.status()).toBe(403);

		const visitor = await browser.newPage();
		await visit(visitor, discussionPath);
		const anonymous = await postForm(visitor, `${discussionPath}?/post`, { body: 'Wpis anonimowy' });
		expect(anonymous.status()).toBe(303);
		expect(anonymous.headers().location).toBe(`/auth/login?returnTo=${encodeURIComponent(discussionPath)}`);

		await visit(visitor, discussionPath);
		expect(await visitor.getByTestId('post').count()).toBe(before);
		expect(await visitor.getByText('Wpis osoby spoza kursu').count()).toBe(0);
		expect(await visitor.getByText('Wpis anonimowy').count()).toBe(0);
	});
});
