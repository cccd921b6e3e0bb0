import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { checkA11y, clickHeaderLogin, onIdpLogin, signedInAs, text, visit } from './support/pages';

const browser = useBrowser();

async function switchLanguage(page: Page) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('form.lang button').click()]);
	await checkA11y(page);
}

describe('journey 1: an anonymous visitor on the home page', () => {
	for (const javaScriptEnabled of [true, false]) {
		it(`sees it in Polish with the open demo courses and a "Zaloguj się" button, switches to English and the choice is remembered (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
			const page = await browser.newPage({ javaScriptEnabled });
			const response = await visit(page, '/');
			expect(response.status()).toBe(200);
			expect(await page.getAttribute('html', 'lang')).toBe('pl');
			expect(await text(page.locator('h1'))).toBe('Szkolenia dla pracowników administracji publicznej');
			expect(await text(page.getByTestId('home-courses'))).toContain('Ochrona danych osobowych w administracji');
			expect(await page.getByRole('link', { name: 'Zaloguj się' }).count()).toBeGreaterThan(0);
			expect(await signedInAs(page)).toBeNull();

			// The switch is a plain form: it works without JavaScript and returns to the same page.
			await switchLanguage(page);
			expect(new URL(page.url()).pathname).toBe('/');
			expect(await page.getAttribute('html', 'lang')).toBe('en');
			expect(await text(page.locator('h1'))).toBe('Training for public administration staff');
			expect(await text(page.locator('#catalogue-heading'))).toBe('Catalogue of open materials');
			expect(await page.getByRole('link', { name: 'Log in' }).count()).toBeGreaterThan(0);

			// Remembered: a later visit (even with a Polish browser) stays in English.
			await visit(page, '/auth/error?code=auth.provider_unavailable');
			expect(await page.getAttribute('html', 'lang')).toBe('en');
			await visit(page, '/');
			expect(await page.getAttribute('html', 'lang')).toBe('en');
			const cookies = await page.context().cookies();
			expect(cookies.find((c) => c.name === 'lang')?.value).toBe('en');

			// And back to Polish.
			await switchLanguage(page);
			expect(await page.getAttribute('html', 'lang')).toBe('pl');
			expect(await text(page.locator('h1'))).toBe('Szkolenia dla pracowników administracji publicznej');
		});
	}

	it('the "Zaloguj się" button leads to the sign-in form of the identity provider', async () => {
		const page = await browser.newPage();
		await visit(page, '/');
		await clickHeaderLogin(page);
		expect(onIdpLogin(page)).toBe(true);
		expect(await page.locator('#username').isVisible()).toBe(true);
	});
});
