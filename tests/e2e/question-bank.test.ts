import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { checkA11y, openSignedIn, text, visit } from './support/pages';

const browser = useBrowser();
const SHOTS = process.env.SHOTS_DIR ?? path.resolve('test-results', 'screenshots');
const FIXTURES = path.resolve('tests', 'fixtures', 'questions');

async function shoot(page: Page, name: string) {
	fs.mkdirSync(SHOTS, { recursive: true });
	for (const width of [1280, 360]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
		const wide = await page.evaluate((w) => {
			const out: string[] = [];
			for (const el of document.querySelectorAll('body *')) {
				const r = el.getBoundingClientRect();
				if (r.right > w + 1 && r.width > 0) out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}-${Math.round(r.right)}`);
			}
			return out.slice(0, 8).join('; ');
		}, width);
		expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${name} scrolls sideways at ${width}px: ${wide}`).toBeLessThanOrEqual(width);
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

/** Submits a form and waits for the navigation its action ends with (a redirect to a page). */
async function submitAndWait(page: Page, url: RegExp, click: () => Promise<void>) {
	await Promise.all([page.waitForURL(url), click()]);
	await page.waitForLoadState('networkidle');
	await checkA11y(page);
}

/** A plain form post (JavaScript off): waits for the page the server answers with. */
async function post(page: Page, button: Locator) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
	await checkA11y(page);
}

describe('trainer journey: the question bank', () => {
	it('creates a category and questions, edits one into version 2, imports GIFT (and refuses a broken file), and exports the bank', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, '/teach', demo.trainer.username);
		await checkA11y(page);
		await page.getByLabel('Tytuł nowego kursu').fill('Bank pytań e2e: ochrona danych');
		await submitAndWait(page, /\/teach\/courses\/[0-9a-f-]{36}$/, () => page.getByRole('button', { name: 'Utwórz kurs' }).click());
		await submitAndWait(page, /\/questions$/, () => page.getByRole('link', { name: 'Bank pytań' }).click());
		const bank = new URL(page.url()).pathname;
		expect(await text(page.locator('h1'))).toBe('Bank pytań: Bank pytań e2e: ochrona danych');

		// A category, then the same name again: a clear error next to the field.
		await page.getByLabel('Nazwa nowej kategorii').fill('Ochrona danych osobowych');
		await page.getByRole('button', { name: 'Dodaj kategorię' }).click();
		await page.getByTestId('category-row').filter({ hasText: 'Ochrona danych osobowych' }).waitFor();
		await checkA11y(page);
		await page.getByLabel('Nazwa nowej kategorii').fill('Ochrona danych osobowych');
		await page.getByRole('button', { name: 'Dodaj kategorię' }).click();
		await page.getByTestId('new-category-error').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('new-category-error'))).toBe('Kategoria o tej nazwie już istnieje w tym kursie.');

		// A single-choice question with Polish text.
		await submitAndWait(page, /\/questions\/new/, () => page.getByTestId('new-question').click());
		await page.getByLabel('Rodzaj pytania').selectOption('single');
		await submitAndWait(page, /type=single/, () => page.getByTestId('choose-type').click());
		await page.getByLabel('Nazwa pytania').fill('Stolica Małopolski');
		await page.getByLabel('Treść pytania', { exact: true }).fill('Które miasto jest stolicą województwa małopolskiego?');
		await page.getByLabel('Odpowiedź 1', { exact: true }).fill('Kraków');
		await page.getByLabel('Ocena odpowiedzi 1', { exact: true }).selectOption('1');
		await page.getByLabel('Informacja zwrotna do odpowiedzi 1', { exact: true }).fill('Tak, Kraków – dawna stolica Polski.');
		await page.getByLabel('Odpowiedź 2', { exact: true }).fill('Łódź');
		// One answer only at first: the form explains what is missing and keeps what was typed.
		await page.getByLabel('Odpowiedź 2', { exact: true }).fill('');
		await page.getByTestId('save-question').click();
		await page.getByTestId('choices-error').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('choices-error'))).toBe('Wpisz co najmniej dwie odpowiedzi.');
		expect(await page.getByLabel('Odpowiedź 1', { exact: true }).inputValue()).toBe('Kraków');
		await page.getByLabel('Odpowiedź 2', { exact: true }).fill('Łódź');
		await page.getByLabel('Odpowiedź 3', { exact: true }).fill('Gdańsk');
		await submitAndWait(page, /done=created/, () => page.getByTestId('save-question').click());
		expect(await text(page.getByTestId('bank-done'))).toBe('Pytanie zostało dodane.');

		// A matching question.
		await submitAndWait(page, /\/questions\/new/, () => page.getByTestId('new-question').click());
		await page.getByLabel('Rodzaj pytania').selectOption('matching');
		await submitAndWait(page, /type=matching/, () => page.getByTestId('choose-type').click());
		await page.getByLabel('Nazwa pytania').fill('Organy samorządu');
		await page.getByLabel('Treść pytania', { exact: true }).fill('Dopasuj organ wykonawczy do jednostki samorządu terytorialnego.');
		await page.getByLabel('Pytanie cząstkowe 1', { exact: true }).fill('Wójt');
		await page.getByLabel('Odpowiedź do pytania cząstkowego 1', { exact: true }).fill('Gmina');
		await page.getByLabel('Pytanie cząstkowe 2', { exact: true }).fill('Zarząd powiatu');
		await page.getByLabel('Odpowiedź do pytania cząstkowego 2', { exact: true }).fill('Powiat');
		await page.getByLabel('Błędna odpowiedź 1', { exact: true }).fill('Sołectwo');
		await submitAndWait(page, /done=created/, () => page.getByTestId('save-question').click());
		expect(await page.getByTestId('question-row').count()).toBe(2);
		await shoot(page, 'question-bank');

		// Editing saves version 2; version 1 stays in the history.
		await submitAndWait(page, /\/questions\/[0-9a-f-]{36}$/, () => page.getByRole('link', { name: 'Stolica Małopolski' }).click());
		await page.getByLabel('Treść pytania', { exact: true }).fill('Które miasto jest siedzibą wojewody małopolskiego?');
		await submitAndWait(page, /done=saved/, () => page.getByTestId('save-question').click());
		expect(await text(page.getByTestId('question-done'))).toBe('Zapisano nową wersję pytania.');
		const versions = await page.getByTestId('version-row').locator('th').allInnerTexts();
		expect(versions.map((v) => v.replace(/\s+/g, ' ').trim())).toEqual(['Wersja 2 (bieżąca)', 'Wersja 1']);
		await shoot(page, 'question-editor');

		// Preview as a participant sees it, and check a test answer: graded with its feedback, nothing stored.
		await submitAndWait(page, /\/preview$/, () => page.getByTestId('preview-link').click());
		await page.getByLabel('Kraków').check();
		await page.getByTestId('preview-check').click();
		await page.getByText('Tak, Kraków – dawna stolica Polski.').waitFor();
		await checkA11y(page);
		await shoot(page, 'question-preview');
		await page.goBack();
		await page.waitForLoadState('load');
		await checkA11y(page);
		await submitAndWait(page, /version=1/, () => page.getByRole('link', { name: 'Wersja 1' }).click());
		expect(await page.getByLabel('Treść pytania', { exact: true }).inputValue()).toBe('Które miasto jest stolicą województwa małopolskiego?');

		// Import: a real GIFT file into the categories it names.
		await visit(page, `${bank}/import`);
		await page.getByLabel('Format').selectOption('gift');
		await page.getByLabel('Plik z pytaniami').setInputFiles(path.join(FIXTURES, 'bank.gift'));
		await page.getByTestId('import-submit').click();
		await page.getByTestId('import-done').waitFor();
		await checkA11y(page);
		const imported = Number((await text(page.getByTestId('import-done'))).match(/Zaimportowano pytań: (\d+)/)?.[1]);
		expect(imported).toBeGreaterThan(3);

		// A broken file: nothing imported, the reason and the line are shown.
		await page.getByLabel('Plik z pytaniami').setInputFiles(path.join(FIXTURES, 'unterminated.gift'));
		await page.getByTestId('import-submit').click();
		await page.getByTestId('import-error').waitFor();
		await checkA11y(page);
		const problem = await text(page.getByTestId('import-error'));
		expect(problem).toContain('Nie zaimportowano żadnego pytania.');
		expect(problem).toMatch(/wiersz\w* \d+/i);

		await visit(page, bank);
		expect(await text(page.getByTestId('questions-summary'))).toBe(`Znalezione pytania: ${2 + imported}`);
		await shoot(page, 'question-bank-imported');

		// Export: the whole bank as a GIFT file.
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-gift').click()]);
		expect(download.suggestedFilename()).toMatch(/\.txt$|\.gift$/);
		const body = fs.readFileSync((await download.path())!, 'utf8');
		expect(body).toContain('Stolica Małopolski');
		expect(body).toContain('siedzibą wojewody');
		expect(body).toContain('Organy samorządu');
	});

	it('works without JavaScript: category, a true/false question with a refused then fixed form, a new version, archiving', async () => {
		const page = await browser.newPage({ javaScriptEnabled: false });
		await openSignedIn(page, '/teach', demo.trainer.username);
		await checkA11y(page);
		await page.getByLabel('Tytuł nowego kursu').fill('Bank pytań bez JavaScriptu');
		await post(page, page.getByRole('button', { name: 'Utwórz kurs' }));
		await post(page, page.getByRole('link', { name: 'Bank pytań' }));
		await page.getByLabel('Nazwa nowej kategorii').fill('Prawo administracyjne');
		await post(page, page.getByRole('button', { name: 'Dodaj kategorię' }));
		expect(await text(page.getByTestId('bank-done'))).toBe('Kategoria została dodana.');

		await post(page, page.getByTestId('new-question'));
		await page.getByLabel('Rodzaj pytania').selectOption('truefalse');
		await post(page, page.getByTestId('choose-type'));
		await page.getByLabel('Treść pytania', { exact: true }).fill('Decyzja administracyjna wymaga uzasadnienia faktycznego i prawnego.');
		await post(page, page.getByTestId('save-question'));
		expect(await text(page.getByTestId('name-error'))).toBe('Wpisz nazwę pytania.');
		expect(await page.getByLabel('Treść pytania', { exact: true }).inputValue()).toContain('uzasadnienia');
		await page.getByLabel('Nazwa pytania').fill('Uzasadnienie decyzji');
		await post(page, page.getByTestId('save-question'));
		expect(await text(page.getByTestId('bank-done'))).toBe('Pytanie zostało dodane.');

		await post(page, page.getByRole('link', { name: 'Uzasadnienie decyzji' }));
		await page.getByLabel('Poprawna odpowiedź').selectOption('false');
		await post(page, page.getByTestId('save-question'));
		expect(await page.getByTestId('version-row').count()).toBe(2);
		await post(page, page.getByTestId('archive-question'));
		expect(await text(page.getByTestId('question-done'))).toBe('Pytanie przeniesiono do archiwum.');
		await post(page, page.getByRole('link', { name: 'Wróć do banku pytań' }));
		expect(await text(page.getByTestId('questions-summary'))).toBe('Znalezione pytania: 0');
	});

	it('keeps the bank hidden from a participant', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, '/teach', demo.participant.username);
		await checkA11y(page);
		const response = await page.goto('/teach/courses/00000000-0000-4000-8000-000000000000/questions');
		await checkA11y(page);
		expect([403, 404]).toContain(response?.status());
	});
});
