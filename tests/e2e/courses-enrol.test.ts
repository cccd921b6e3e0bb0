import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { checkA11y, signInAtIdp, text, visit } from './support/pages';

const browser = useBrowser();
const CLOSED = '/courses/bezpieczenstwo-informacji';

async function submit(page: Page, testId: string) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId(testId).click()]);
	await checkA11y(page);
}

describe('courses journey 2: enrolment and progress', () => {
	it('a visitor on a closed course logs in to enrol, returns to the course, enrols with the key, marks a lesson done and sees the progress in My courses, then leaves', async () => {
		const page = await browser.newPage({ javaScriptEnabled: false });
		await visit(page, CLOSED);
		await page.getByTestId('login-to-enrol').click();
		await signInAtIdp(page, demo.participant.username);
		expect(new URL(page.url()).pathname).toBe(CLOSED);

		// A wrong key is refused, next to the field, and nothing changes.
		await page.locator('#key').fill('zły klucz');
		await submit(page, 'enrol');
		expect(await text(page.getByTestId('enrol-error'))).toContain('Klucz zapisu jest nieprawidłowy');
		expect(await page.getByTestId('outline-activity').count()).toBe(0);

		await page.locator('#key').fill('BEZPIECZNI-2026');
		await submit(page, 'enrol');
		expect(await text(page.getByTestId('enrolled'))).toBe('Uczestniczysz w tym kursie.');
		expect(await page.getByTestId('outline-activity').count()).toBe(2);
		expect(await page.getByTestId('progress').getAttribute('data-percent')).toBe('0');

		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('continue').click()]);
		await checkA11y(page);
		expect(await text(page.locator('h1'))).toBe('Hasła i uwierzytelnianie wieloskładnikowe');
		await submit(page, 'mark-done');
		expect(await text(page.getByTestId('done-state'))).toBe('Ukończono tę aktywność.');
		// Marking again (a second post of the same form) changes nothing.
		await visit(page, new URL(page.url()).pathname);
		expect(await text(page.getByTestId('progress'))).toContain('Ukończono 1 z 2 wymaganych aktywności (50%)');

		await visit(page, '/my/courses');
		const card = page.getByTestId('my-course').filter({ hasText: 'Bezpieczeństwo informacji w urzędzie' });
		expect(await text(card)).toContain('Ukończono 1 z 2 wymaganych aktywności (50%)');
		expect(await text(card.getByTestId('last-access'))).not.toBe('jeszcze nie otwarto');
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), card.getByRole('link', { name: /Kontynuuj naukę/ }).click()]);
		await checkA11y(page);
		expect(await text(page.locator('h1'))).toBe('Jak rozpoznać phishing');

		// Leaving asks for confirmation first.
		await visit(page, CLOSED);
		await page.getByTestId('leave-link').click();
		await page.waitForLoadState('load');
		await checkA11y(page);
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Tak, wypisz mnie' }).click()]);
		await checkA11y(page);
		expect(await text(page.getByTestId('course-message'))).toBe('Wypisano z kursu.');
		await visit(page, '/my/courses');
		expect(await page.getByTestId('my-course').filter({ hasText: 'Bezpieczeństwo informacji' }).count()).toBe(0);
		// Longer than the default: every page is checked without JavaScript, and the first sign-in also accepts the terms.
	}, 120_000);
});
