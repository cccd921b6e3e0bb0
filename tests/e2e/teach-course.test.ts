import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { checkA11y, openSignedIn, postForm, text, visit } from './support/pages';

const browser = useBrowser();

const XSS_TITLE = 'Kurs e2e <img src=x onerror="window.__xss=1">';
const XSS_SUMMARY = '<script>window.__xss=2</script> Opis **kursu** [klik](javascript:window.__xss=5)';
const XSS_BODY = '# Lekcja pierwsza\n\nTreść lekcji.\n\n<img src=x onerror="window.__xss=3">\n\n[zły odnośnik](javascript:window.__xss=4)';

/** A tiny valid PDF (one empty page): enough for the content check by magic bytes. */
function tinyPdf(): Buffer {
	const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((object, i) => {
		offsets.push(body.length);
		body += `${i + 1} 0 obj\n${object}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}

async function expectInert(page: Page) {
	expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
	expect(await page.locator('img[src="x"]').count()).toBe(0);
	expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
}

/** Clicks a submit button or link that loads a new document, and checks the page it lands on. */
async function submit(page: Page, name: string | RegExp, within: Page | Locator = page) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), within.getByRole('button', { name, exact: typeof name === 'string' }).click()]);
	await checkA11y(page);
}

async function follow(page: Page, name: string | RegExp) {
	await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('link', { name, exact: typeof name === 'string' }).first().click()]);
	await checkA11y(page);
}

async function fillMaterial(page: Page) {
	await page.getByLabel('Licencja', { exact: true }).selectOption('cc-by');
	await page.getByLabel('Autor', { exact: true }).fill('Jan Kowalski');
	await page.getByLabel('Adres źródła (opcjonalnie)').fill('https://www.gov.pl/web/uodo');
	await page.getByLabel('Opis autorstwa (atrybucja)').fill('„Materiał e2e”, Jan Kowalski, CC BY 4.0');
}

describe('trainer journey: authoring a course (JavaScript off, so every step is a plain form post)', () => {
	it('creates a course with a section, a lesson and a PDF, publishes it, and a visitor finds it with every stored payload inert', async () => {
		const trainer = await browser.newPage({ javaScriptEnabled: false });
		await openSignedIn(trainer, '/teach', demo.trainer.username);
		expect(await text(trainer.locator('h1'))).toBe('Prowadzone kursy');
		expect(await trainer.locator('nav').getByRole('link', { name: 'Prowadzone kursy' }).count()).toBe(1);

		// A too-short title is explained next to the field.
		await trainer.getByLabel('Tytuł nowego kursu').fill('ab');
		await submit(trainer, 'Utwórz kurs');
		expect(await text(trainer.getByTestId('new-title-error'))).toBe('Podaj tytuł: od 3 do 200 znaków.');

		await trainer.getByLabel('Tytuł nowego kursu').fill(XSS_TITLE);
		await submit(trainer, 'Utwórz kurs');
		expect(new URL(trainer.url()).pathname).toMatch(/^\/teach\/courses\/[0-9a-f-]{36}$/);
		const coursePath = new URL(trainer.url()).pathname;
		expect(await text(trainer.getByTestId('course-title'))).toBe(XSS_TITLE);
		expect(await text(trainer.getByTestId('course-status'))).toBe('szkic');
		await expectInert(trainer);

		// Settings: summary with a payload, public visibility, an enrolment key.
		await trainer.getByLabel('Opis kursu').fill(XSS_SUMMARY);
		await trainer.getByLabel('Słowa kluczowe').fill('e2e, test');
		await trainer.getByLabel('Widoczność').selectOption('public');
		await trainer.getByLabel('Szacowany czas nauki w godzinach (opcjonalnie)').fill('1,5');
		await submit(trainer, 'Zapisz ustawienia');
		expect(await text(trainer.getByTestId('teach-done'))).toBe('Zapisano ustawienia kursu.');

		await trainer.getByLabel('Tytuł sekcji').last().fill('Moduł 1: podstawy');
		await submit(trainer, 'Dodaj sekcję');
		expect(await text(trainer.getByTestId('section'))).toContain('Moduł 1: podstawy');

		// A lesson: type first, then its form; required licence fields are checked.
		await follow(trainer, /^Dodaj aktywność do tej sekcji/);
		await trainer.getByLabel('Rodzaj aktywności').selectOption('lesson');
		await submit(trainer, 'Dalej');
		await trainer.getByLabel('Tytuł aktywności').fill('Lekcja e2e');
		await trainer.getByLabel('Treść lekcji (Markdown)').fill(XSS_BODY);
		await submit(trainer, 'Zapisz aktywność');
		expect(await text(trainer.getByTestId('activity-licence-error'))).toBe('Wybierz licencję z listy.');
		expect(await text(trainer.getByTestId('activity-author-error'))).toBe('Podaj autora materiału.');
		expect(await text(trainer.getByTestId('activity-attribution-error'))).toBe('Podaj opis autorstwa (atrybucję).');
		await fillMaterial(trainer);
		await submit(trainer, 'Pokaż podgląd lekcji');
		expect(await text(trainer.getByTestId('lesson-preview'))).toContain('Lekcja pierwsza');
		await expectInert(trainer);
		await submit(trainer, 'Zapisz aktywność');
		expect(new URL(trainer.url()).pathname).toBe(coursePath);
		expect(await text(trainer.getByTestId('teach-done'))).toBe('Dodano aktywność.');

		// A PDF file.
		await follow(trainer, /^Dodaj aktywność do tej sekcji/);
		await trainer.getByLabel('Rodzaj aktywności').selectOption('file');
		await submit(trainer, 'Dalej');
		await trainer.getByLabel('Tytuł aktywności').fill('Materiał PDF e2e');
		await trainer.getByLabel('Plik (PDF lub dokument)').setInputFiles({ name: 'material.pdf', mimeType: 'application/pdf', buffer: tinyPdf() });
		await fillMaterial(trainer);
		await submit(trainer, 'Zapisz aktywność');
		expect(await text(trainer.getByTestId('teach-done'))).toBe('Dodano aktywność.');
		expect(await trainer.getByTestId('activity').count()).toBe(2);

		// Reorder with the keyboard-accessible buttons: the PDF goes first.
		const pdfRow = trainer.getByTestId('activity').filter({ hasText: 'Materiał PDF e2e' });
		expect(await pdfRow.getByRole('button', { name: 'Wyżej' }).getAttribute('data-testid')).toBe('move-up');
		await Promise.all([trainer.waitForNavigation({ waitUntil: 'load' }), pdfRow.getByTestId('move-up').click()]);
		await checkA11y(trainer);
		expect(await text(trainer.getByTestId('activity').first())).toContain('Materiał PDF e2e');

		await submit(trainer, 'Opublikuj kurs');
		expect(await text(trainer.getByTestId('course-status'))).toBe('opublikowany');
		await visit(trainer, '/teach');
		expect(await text(trainer.getByTestId('teach-course').filter({ hasText: 'Kurs e2e' }))).toContain('opublikowany');
		await expectInert(trainer);

		const visitor = await browser.newPage();
		await visit(visitor, '/courses?q=e2e');
		expect(await text(visitor.getByTestId('catalogue-results'))).toContain(XSS_TITLE);
		await expectInert(visitor);
		await follow(visitor, XSS_TITLE);
		expect(await text(visitor.locator('h1'))).toBe(XSS_TITLE);
		await expectInert(visitor);
		await follow(visitor, 'Lekcja e2e');
		expect(await text(visitor.locator('main'))).toContain('Lekcja pierwsza');
		await expectInert(visitor);
	}, 150_000);

	it('another trainer’s course answers 404 to the page and to every action, and nothing changes', async () => {
		const admin = await browser.newPage();
		await openSignedIn(admin, '/teach', demo.admin.username);
		await admin.getByLabel('Tytuł nowego kursu').fill('Kurs administratora e2e');
		await submit(admin, 'Utwórz kurs');
		const coursePath = new URL(admin.url()).pathname;

		const trainer = await browser.newPage();
		await openSignedIn(trainer, '/teach', demo.trainer.username);
		expect(await trainer.getByTestId('teach-course').filter({ hasText: 'Kurs administratora e2e' }).count()).toBe(0);
		const response = await visit(trainer, coursePath);
		expect(response.status()).toBe(404);
		for (const [action, fields] of [
			['settings', { title: 'Przejęty', visibility: 'public' }],
			['publish', {}],
			['addSection', { title: 'Obca sekcja' }],
			['addTrainer', { email: 'jan.kowalski@example.gov.pl' }]
		] as const) {
			const attempt = await postForm(trainer, `${coursePath}?/${action}`, fields);
			expect(attempt.status(), action).toBe(404);
		}
		expect((await visit(trainer, `${coursePath}/participants`)).status()).toBe(404);

		await visit(admin, coursePath);
		expect(await text(admin.getByTestId('course-title'))).toBe('Kurs administratora e2e');
		expect(await text(admin.getByTestId('course-status'))).toBe('szkic');
		expect(await admin.getByTestId('sections-empty').count()).toBe(1);

		// A participant has no authoring at all.
		const participant = await browser.newPage();
		await openSignedIn(participant, '/teach', demo.participant.username);
		// Loaded as a document (after a first sign-in the consent form may have navigated here client-side).
		expect((await visit(participant, '/teach')).status()).toBe(403);
		expect(await participant.locator('nav').getByRole('link', { name: 'Prowadzone kursy' }).count()).toBe(0);
	});

	it('admin pages: categories (add, rename, delete with confirmation) and the licence report', async () => {
		const admin = await browser.newPage({ javaScriptEnabled: false });
		await openSignedIn(admin, '/admin/categories', demo.admin.username);
		await admin.getByLabel('Nazwa kategorii', { exact: true }).fill('Kategoria e2e');
		await submit(admin, 'Dodaj kategorię');
		expect(await text(admin.getByTestId('admin-done'))).toBe('Dodano kategorię.');
		const row = admin.getByTestId('category').filter({ hasText: 'Kategoria e2e' });
		await row.getByLabel('Nowa nazwa kategorii „Kategoria e2e”').fill('Kategoria e2e – zmieniona');
		await submit(admin, /^Zmień nazwę/, row);
		expect(await text(admin.getByTestId('admin-done'))).toBe('Zmieniono nazwę kategorii.');
		const renamed = admin.getByTestId('category').filter({ hasText: 'Kategoria e2e – zmieniona' });
		// Without the confirmation nothing is deleted.
		await submit(admin, 'Usuń kategorię', renamed);
		expect(await text(renamed.getByTestId(/^delete-.*-error$/))).toBe('Zaznacz potwierdzenie, aby usunąć.');
		await renamed.getByLabel('Potwierdzam usunięcie kategorii „Kategoria e2e – zmieniona”.').check();
		await submit(admin, 'Usuń kategorię', renamed);
		expect(await text(admin.getByTestId('admin-done'))).toBe('Usunięto kategorię.');
		expect(await admin.getByTestId('category').filter({ hasText: 'Kategoria e2e' }).count()).toBe(0);

		await visit(admin, '/admin/licences');
		expect(await text(admin.getByTestId('licence-counts'))).toContain('CC BY 4.0');
		await visit(admin, '/admin/licences?licence=cc-by');
		expect(await admin.getByTestId('material-row').count()).toBeGreaterThan(0);
		const csv = await admin.request.get('/admin/licences/csv');
		expect(csv.headers()['content-type']).toContain('text/csv');
		expect(await csv.text()).toContain('licence,course,material');
	});
});
