import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { checkA11y, clickHeaderLogin, documentStatus, signInAtIdp, text, visit } from './support/pages';

const browser = useBrowser();
const OPEN = '/courses/ochrona-danych-osobowych';
const CLOSED = '/courses/bezpieczenstwo-informacji';

async function search(page: Page, query: string) {
	await page.locator('#q').fill(query);
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Szukaj' }).click()]);
	await checkA11y(page);
}

async function follow(page: Page, name: string | RegExp) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name, exact: typeof name === 'string' }).first().click()]);
	await checkA11y(page);
}

describe('courses journey 1: an anonymous visitor browses the catalogue', () => {
	for (const javaScriptEnabled of [true, false]) {
		it(`finds the demo courses, searches with and without Polish letters and gets an empty state for no match (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
			const page = await browser.newPage({ javaScriptEnabled });
			await visit(page, '/');
			expect(await text(page.getByTestId('home-courses'))).toContain('Ochrona danych osobowych w administracji');
			await follow(page, 'Kursy');
			expect(new URL(page.url()).pathname).toBe('/courses');
			const all = await text(page.getByTestId('catalogue-results'));
			expect(all).toContain('Ochrona danych osobowych w administracji');
			expect(all).toContain('Bezpieczeństwo informacji w urzędzie');

			await search(page, 'rodo');
			expect(new URL(page.url()).searchParams.get('q')).toBe('rodo');
			expect(await page.getByTestId('course-card').count()).toBe(1);
			expect(await text(page.getByTestId('catalogue-results'))).toContain('Ochrona danych osobowych');

			await search(page, 'BEZPIECZENSTWO');
			expect(await text(page.getByTestId('catalogue-results'))).toContain('Bezpieczeństwo informacji w urzędzie');

			await search(page, 'nieistniejącykurs');
			expect(await text(page.getByTestId('catalogue-empty'))).toContain('Nie znaleziono kursów');
		});
	}

	it('reads a lesson with its licence and machine-readable metadata, moves to the next one and opens the seeded PDF', async () => {
		const page = await browser.newPage();
		await visit(page, OPEN);
		expect(await text(page.locator('h1'))).toBe('Ochrona danych osobowych w administracji');
		await follow(page, 'Czym są dane osobowe?');
		expect(await text(page.getByTestId('lesson-body'))).toContain('art. 4 pkt 1 RODO');
		expect(await text(page.getByTestId('material-licence'))).toContain('CC BY 4.0');
		const jsonLd = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? '{}');
		expect(jsonLd).toMatchObject({ '@type': 'LearningResource', license: 'https://creativecommons.org/licenses/by/4.0/' });
		// Saving progress needs an account: the visitor is offered a sign-in that comes back here.
		const login = page.getByTestId('login-to-save');
		expect(await login.getAttribute('href')).toBe(`/auth/login?returnTo=${encodeURIComponent(new URL(page.url()).pathname)}`);

		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByTestId('next').click()]);
		await checkA11y(page);
		expect(await text(page.locator('h1'))).toBe('Zasady i podstawy przetwarzania danych');

		await visit(page, OPEN);
		await follow(page, 'Ściągawka: obowiązki pracownika (PDF)');
		expect(await page.getByTestId('pdf-viewer').count()).toBe(1);
		const href = await page.getByTestId('file-download').getAttribute('href');
		const pdf = await page.request.get(href!);
		expect(pdf.status()).toBe(200);
		expect(pdf.headers()['content-type']).toBe('application/pdf');
		expect(pdf.headers()['x-content-type-options']).toBe('nosniff');
		expect(pdf.headers()['content-disposition']).toMatch(/^inline; filename=.*filename\*=UTF-8''/);
		expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});

	it('sees only the description of a closed course, and its lessons and files answer 404 by URL', async () => {
		const admin = await browser.newPage();
		await visit(admin, CLOSED);
		await clickHeaderLogin(admin);
		await signInAtIdp(admin, demo.admin.username);
		expect(new URL(admin.url()).pathname).toBe(CLOSED);
		const lesson = await admin.getByRole('link', { name: 'Jak rozpoznać phishing' }).getAttribute('href');
		expect(lesson).toMatch(/^\/courses\/bezpieczenstwo-informacji\/activities\//);

		const visitor = await browser.newPage();
		await visit(visitor, CLOSED);
		expect(await text(visitor.locator('h1'))).toBe('Bezpieczeństwo informacji w urzędzie');
		expect(await visitor.getByTestId('outline-activity').count()).toBe(0);
		expect(await text(visitor.getByTestId('login-to-enrol'))).toBe('Zaloguj się, aby się zapisać');
		const response = await visit(visitor, lesson!);
		expect(response.status()).toBe(404);
		expect(await documentStatus(visitor)).toBe(404);
	});
});
