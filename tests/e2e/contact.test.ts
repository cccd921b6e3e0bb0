import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { discussant } from './support/accounts';
import { waitForMail } from './support/mailbox';
import { checkA11y, documentStatus, text, visit } from './support/pages';

const browser = useBrowser();
const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const SAME_ANSWER = 'Jeśli konto z tym adresem istnieje, wysłaliśmy na nie link potwierdzający. Link jest ważny 24 godziny. Jeśli wiadomość nie dotrze, sprawdź folder spam.';

/** A full-page screenshot at `width`, which must not scroll sideways. */
async function screenshot(page: Page, name: string, width: number) {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	await page.setViewportSize({ width, height: 800 });
	await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
	expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
}

async function askForDeletion(page: Page, email: string) {
	await visit(page, '/contact');
	await page.getByLabel('Temat').selectOption({ label: 'Usunięcie mojego konta' });
	await page.getByLabel('Adres e-mail').fill(email);
	await page.getByRole('checkbox', { name: /Rozumiem, że wniosek muszę potwierdzić/ }).check();
	await page.getByRole('button', { name: 'Wyślij' }).click();
	await page.getByTestId('contact-sent').waitFor();
	await checkA11y(page);
	return text(page.getByTestId('contact-sent'));
}

describe('journey: the contact form, for everyone', () => {
	it('is reached from the footer, explains every mistake next to its field, and sends a message to the platform', async () => {
		const page = await browser.newPage();
		await visit(page, '/');
		await Promise.all([page.waitForURL(/\/contact$/), page.locator('footer').getByRole('link', { name: 'Kontakt' }).click()]);
		await checkA11y(page);
		expect(await text(page.locator('h1'))).toBe('Kontakt');
		for (const width of [1280, 360]) await screenshot(page, 'contact', width);
		await page.setViewportSize({ width: 1280, height: 800 });

		await page.getByLabel('Adres e-mail').fill('nie-adres');
		await page.getByLabel('Wiadomość').fill('krótko');
		await page.getByRole('button', { name: 'Wyślij' }).click();
		await page.locator('#topic-error').waitFor();
		await checkA11y(page);
		expect(await text(page.locator('#topic-error'))).toBe('Wybierz temat.');
		expect(await text(page.locator('#email-error'))).toContain('Podaj poprawny adres e-mail');
		expect(await text(page.locator('#message-error'))).toBe('Wiadomość musi mieć od 10 do 5000 znaków.');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('topic');
		await screenshot(page, 'contact-errors', 360);
		await page.setViewportSize({ width: 1280, height: 800 });

		await page.getByLabel('Temat').selectOption({ label: 'Zgłoszenie problemu lub błędu' });
		await page.getByLabel('Adres e-mail').fill('zglaszajacy.e2e@example.org');
		await page.getByLabel('Wiadomość').fill('Film w lekcji 2 nie odtwarza się na telefonie.');
		await page.getByRole('button', { name: 'Wyślij' }).click();
		await page.getByTestId('contact-sent').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('contact-sent'))).toContain('Dziękujemy, wiadomość została wysłana.');
		const mail = await waitForMail(inject('mailboxUrl'), 'no-reply@localhost', /^Formularz kontaktowy: Zgłoszenie problemu lub błędu$/);
		expect(mail.parts.find((p) => p.contentType === 'text/plain')!.body).toContain('zglaszajacy.e2e@example.org');
	});

	it('answers a deletion request the same whether or not the address has an account, and mails only the account', async () => {
		const page = await browser.newPage();
		const known = await askForDeletion(page, discussant.email);
		const unknown = await askForDeletion(page, 'nikt.taki@example.gov.pl');
		expect(known).toBe(SAME_ANSWER);
		expect(unknown).toBe(known);
		expect(await documentStatus(page)).toBe(200);
		const mail = await waitForMail(inject('mailboxUrl'), discussant.email, /^Potwierdź usunięcie konta$/);
		expect(mail.header('to')).toBe(discussant.email);
		await expect(waitForMail(inject('mailboxUrl'), 'nikt.taki@example.gov.pl', /./, 1_500)).rejects.toThrow(/No message/);
	});
});
