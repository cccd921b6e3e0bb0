import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { checkA11y, openSignedIn, text, visit } from './support/pages';

const browser = useBrowser();
const SCREENSHOTS = path.resolve('test-results', 'screenshots');

async function noSidewaysScroll(page: Page, name: string, width: number) {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	await page.setViewportSize({ width, height: 800 });
	await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
	expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
}

const sectionTitles = async (page: Page) => (await page.getByTestId('section').locator('h3').allInnerTexts()).map((s) => s.trim());

describe('trainer journey: the course editor with JavaScript', () => {
	it('adds sections without reloading, reorders them by drag and drop and by buttons, edits an activity, and fits 360 px', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, '/teach', demo.trainer.username);
		await page.getByLabel('Tytuł nowego kursu').fill('Kurs edytora e2e');
		await Promise.all([page.waitForURL(/\/teach\/courses\/[0-9a-f-]{36}$/), page.getByRole('button', { name: 'Utwórz kurs' }).click()]);
		await page.waitForLoadState('networkidle');
		await checkA11y(page);
		const coursePath = new URL(page.url()).pathname;

		for (const title of ['Alfa', 'Beta', 'Gamma']) {
			await page.locator('#new-section-title').fill(title);
			await page.getByRole('button', { name: 'Dodaj sekcję', exact: true }).click();
			await page.getByTestId('section').filter({ hasText: title }).waitFor();
		}
		await checkA11y(page);
		expect(await sectionTitles(page)).toEqual(['Sekcja 1: Alfa', 'Sekcja 2: Beta', 'Sekcja 3: Gamma']);
		// An empty section title is explained next to the field, without a reload.
		await page.getByRole('button', { name: 'Dodaj sekcję', exact: true }).click();
		await page.getByTestId('new-section-title-error').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('new-section-title-error'))).toBe('Podaj tytuł sekcji: od 1 do 200 znaków.');

		// Drag Gamma onto Alfa: the hidden reorder form posts the same action as the buttons.
		// Headless Chromium starts no native drag from synthetic mouse moves, so the drag events a browser would fire are dispatched directly.
		await page.evaluate(() => {
			const [alfa, , gamma] = document.querySelectorAll('[data-testid="section"]');
			const dataTransfer = new DataTransfer();
			const fire = (target: Element, type: string) => target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer }));
			fire(gamma, 'dragstart');
			fire(alfa, 'dragenter');
			fire(alfa, 'dragover');
			fire(alfa, 'drop');
			fire(gamma, 'dragend');
		});
		await expect.poll(() => sectionTitles(page), { timeout: 10_000 }).toEqual(['Sekcja 1: Gamma', 'Sekcja 2: Alfa', 'Sekcja 3: Beta']);
		await page.getByTestId('section').nth(1).getByTestId('move-down').first().click();
		await expect.poll(() => sectionTitles(page), { timeout: 10_000 }).toEqual(['Sekcja 1: Gamma', 'Sekcja 2: Beta', 'Sekcja 3: Alfa']);
		await checkA11y(page);
		// The order is stored: a fresh load shows it.
		await visit(page, coursePath);
		expect(await sectionTitles(page)).toEqual(['Sekcja 1: Gamma', 'Sekcja 2: Beta', 'Sekcja 3: Alfa']);

		// A link activity, then edited.
		await Promise.all([page.waitForURL(/activities\/new/), page.getByRole('link', { name: /^Dodaj aktywność do tej sekcji\W+Gamma$/ }).click()]);
		await checkA11y(page);
		await page.getByLabel('Rodzaj aktywności').selectOption('link');
		await Promise.all([page.waitForURL(/type=link/), page.getByRole('button', { name: 'Dalej' }).click()]);
		await checkA11y(page);
		await page.getByLabel('Tytuł aktywności').fill('Portal RODO');
		await page.getByLabel('Adres strony (http lub https)').fill('javascript:alert(1)');
		await page.getByLabel('Licencja', { exact: true }).selectOption('all-rights-reserved');
		await page.getByLabel('Autor', { exact: true }).fill('UODO');
		await page.getByLabel('Opis autorstwa (atrybucja)').fill('Urząd Ochrony Danych Osobowych');
		await page.getByRole('button', { name: 'Zapisz aktywność' }).click();
		await page.getByTestId('activity-url-error').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('activity-url-error'))).toBe('Podaj pełny adres zaczynający się od http:// lub https://.');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('activity-url');
		await page.getByLabel('Adres strony (http lub https)').fill('https://uodo.gov.pl');
		await Promise.all([page.waitForURL((url) => url.pathname === coursePath), page.getByRole('button', { name: 'Zapisz aktywność' }).click()]);
		await page.getByTestId('teach-done').waitFor();
		await checkA11y(page);

		await Promise.all([page.waitForURL(/activities\/[0-9a-f-]{36}$/), page.getByRole('link', { name: /^Edytuj\W+Portal RODO$/ }).click()]);
		await checkA11y(page);
		await page.getByLabel('Tytuł aktywności').fill('Portal UODO');
		await Promise.all([page.waitForURL((url) => url.pathname === coursePath), page.getByRole('button', { name: 'Zapisz aktywność' }).click()]);
		await page.getByTestId('teach-done').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('activity'))).toContain('Portal UODO');
		for (const width of [360, 1280]) await noSidewaysScroll(page, 'teach-course', width);

		await visit(page, `${coursePath}/participants`);
		expect(await text(page.getByTestId('participants-empty'))).toContain('Nikt jeszcze nie zapisał się');
		await noSidewaysScroll(page, 'teach-participants', 360);
	}, 120_000);
});
