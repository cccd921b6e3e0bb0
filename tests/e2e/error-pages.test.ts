import { describe, expect, it } from 'vitest';
import { baseUrl, useBrowser } from './support/browser';
import { text, visit } from './support/pages';

const browser = useBrowser();

describe('journey 7: error pages', () => {
	it('a rejected provider response shows the translated message with HTTP 400', async () => {
		const page = await browser.newPage();
		const response = await visit(page, '/auth/error?code=auth.callback_rejected');
		expect(response.status()).toBe(400);
		expect(await text(page.locator('h1'))).toBe('Wystąpił problem');
		expect(await page.getByTestId('error-message').getAttribute('data-code')).toBe('auth.callback_rejected');
		expect(await text(page.getByTestId('error-message'))).toContain('Odpowiedź dostawcy tożsamości nie przeszła weryfikacji bezpieczeństwa');
		expect(await page.getByRole('link', { name: 'Spróbuj zalogować się ponownie' }).count()).toBe(1);
	});

	it('is in English once the visitor has chosen English', async () => {
		const page = await browser.newPage();
		await page.context().addCookies([{ name: 'lang', value: 'en', url: baseUrl() }]);
		const response = await visit(page, '/auth/error?code=auth.callback_rejected');
		expect(response.status()).toBe(400);
		expect(await page.getAttribute('html', 'lang')).toBe('en');
		expect(await text(page.locator('h1'))).toBe('Something went wrong');
		expect(await text(page.getByTestId('error-message'))).toContain('failed a security check');
	});

	it('a provider outage answers 503 with a message to try again later', async () => {
		const page = await browser.newPage();
		const response = await visit(page, '/auth/error?code=auth.provider_unavailable');
		expect(response.status()).toBe(503);
		expect(await text(page.getByTestId('error-message'))).toContain('Usługa logowania (SSO) jest chwilowo niedostępna');
	});

	it('an unknown code shows the generic sign-in failure, never the raw code', async () => {
		const page = await browser.newPage();
		const response = await visit(page, '/auth/error?code=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
		expect(response.status()).toBe(500);
		expect(await page.getByTestId('error-message').getAttribute('data-code')).toBe('auth.unexpected');
		expect(await page.content()).not.toContain('<script>alert(1)</script>');
	});

	it('an unknown page answers 404 with a way home', async () => {
		const page = await browser.newPage();
		const response = await visit(page, '/no-such-page');
		expect(response.status()).toBe(404);
		expect(await text(page.getByTestId('error-message'))).toContain('Nie znaleziono strony');
		expect(await page.getByRole('link', { name: 'Wróć na stronę główną' }).count()).toBe(1);
	});
});
