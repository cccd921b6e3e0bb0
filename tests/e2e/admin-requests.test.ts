import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo, discussant } from './support/accounts';
import { waitForMail } from './support/mailbox';
import { checkA11y, documentStatus, openSignedIn, text, visit } from './support/pages';

const browser = useBrowser();
const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const REQUESTER = 'pytajaca.e2e@example.org';

/** A full-page screenshot at `width`, which must not scroll sideways. */
async function screenshot(page: Page, name: string, width: number) {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	await page.setViewportSize({ width, height: 800 });
	await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
	expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
	await page.setViewportSize({ width: 1280, height: 800 });
}

describe('journey: a privacy question handled as a case', () => {
	it('an anonymous question is confirmed by email, listed with its deadline, answered by the admin, and the answer is emailed', async () => {
		// Someone not signed in asks a question about their data.
		const visitor = await browser.newPage();
		await visit(visitor, '/contact');
		await visitor.getByLabel('Temat').selectOption({ label: 'Pytanie o przetwarzanie moich danych' });
		await visitor.getByLabel('Adres e-mail').fill(REQUESTER);
		await visitor.getByLabel('Wiadomość').fill('Jakie moje dane przechowuje platforma i jak długo?');
		await visitor.getByRole('checkbox', { name: /Rozumiem, że wniosek muszę potwierdzić/ }).check();
		await visitor.getByRole('button', { name: 'Wyślij' }).click();
		await visitor.getByTestId('contact-sent').waitFor();
		await checkA11y(visitor);

		const confirmation = await waitForMail(inject('mailboxUrl'), REQUESTER, /^Potwierdź swoje pytanie o dane osobowe$/);
		const link = /http:\/\/localhost:\d+\/privacy-requests\/confirm\/[A-Za-z0-9_-]{43}/.exec(confirmation.parts[0].body)![0];
		await visit(visitor, link);
		for (const width of [1280, 360]) await screenshot(visitor, 'privacy-confirm', width);
		await visitor.getByRole('button', { name: 'Potwierdź zapytanie' }).click();
		await visitor.getByTestId('confirm-done').waitFor();
		await checkA11y(visitor);
		expect(await text(visitor.locator('h1'))).toBe('Pytanie potwierdzone');

		// The admin finds it among the open cases, with the deadline in words.
		const admin = await browser.newPage();
		await openSignedIn(admin, '/admin', demo.admin.username);
		await Promise.all([admin.waitForURL(/\/admin\/requests$/), admin.locator('main').getByRole('link', { name: /^Wnioski/ }).first().click()]);
		await checkA11y(admin);
		await admin.getByLabel('Status').selectOption({ label: 'oczekuje na rozpatrzenie' });
		await admin.getByLabel('Rodzaj').selectOption({ label: 'Pytanie o dane osobowe' });
		await Promise.all([admin.waitForURL(/status=pending&kind=inquiry/), admin.getByRole('button', { name: 'Filtruj' }).click()]);
		await checkA11y(admin);
		const row = admin.getByTestId('request-row').first();
		expect(await text(row.getByTestId('request-deadline'))).toMatch(/zostało dni: (28|29|30|31)$/);
		for (const width of [1280, 360]) await screenshot(admin, 'admin-requests', width);
		await Promise.all([admin.waitForURL(/\/admin\/requests\/[0-9a-f-]{36}$/), row.getByRole('link').click()]);
		await checkA11y(admin);
		expect(await text(admin.getByTestId('case-email'))).toBe(REQUESTER);
		expect(await text(admin.getByTestId('case-status'))).toBe('oczekuje na rozpatrzenie');
		for (const width of [1280, 360]) await screenshot(admin, 'admin-request-case', width);

		// Rejecting needs a reason and a confirmation; completing sends the answer.
		await admin.getByRole('button', { name: 'Odrzuć wniosek' }).click();
		await admin.locator('#reason-error').waitFor();
		await checkA11y(admin);
		expect(await documentStatus(admin)).toBe(200);
		await admin.getByLabel('Odpowiedź dla wnioskodawcy (opcjonalnie)').fill('Przechowujemy tylko adres e-mail z formularza, do zamknięcia sprawy.');
		await admin.getByRole('button', { name: 'Zakończ wniosek' }).click();
		await admin.getByTestId('admin-done').waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('case-status'))).toBe('zakończone');
		expect(await text(admin.getByTestId('case-email'))).toBe('usunięty po zamknięciu wniosku');
		expect(await text(admin.getByTestId('case-history'))).toContain('Administrator zakończył wniosek');

		const outcome = await waitForMail(inject('mailboxUrl'), REQUESTER, /^Twoje zgłoszenie zostało zrealizowane$/);
		expect(outcome.parts.find((p) => p.contentType === 'text/plain')!.body).toContain('Przechowujemy tylko adres e-mail z formularza');
	});

	it('an admin deleting an account is asked for a reason and to type the address or USUŃ, each mistake explained at its field', async () => {
		const admin = await browser.newPage();
		await openSignedIn(admin, '/admin/users', demo.admin.username);
		const name = `${discussant.given_name} ${discussant.family_name}`;
		await Promise.all([admin.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/), admin.getByRole('link', { name }).click()]);
		await checkA11y(admin);
		await Promise.all([admin.waitForURL(/\/delete$/), admin.getByTestId('delete-link').click()]);
		await checkA11y(admin);
		expect(await text(admin.locator('h1'))).toBe(`Usuń konto: ${name}`);
		await admin.getByLabel('Aby potwierdzić, wpisz adres e-mail tej osoby albo słowo USUŃ').fill('tak');
		await admin.getByRole('button', { name: 'Usuń konto na zawsze' }).click();
		await admin.locator('#reason-error').waitFor();
		await checkA11y(admin);
		expect(await text(admin.locator('#typed-error'))).toBe('Wpisz dokładnie adres e-mail tej osoby albo słowo USUŃ.');
		expect(await text(admin.locator('#confirm-error'))).toBe('Zaznacz, że rozumiesz skutki usunięcia konta.');
		for (const width of [1280, 360]) await screenshot(admin, 'admin-user-delete', width);
	});
});
