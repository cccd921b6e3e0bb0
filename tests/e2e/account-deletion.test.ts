import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../src/lib/server/db/client';
import { findPersonalData } from '../support/find-personal-data';
import { useBrowser } from './support/browser';
import { deletable } from './support/accounts';
import { waitForMail } from './support/mailbox';
import { checkA11y, openSignedIn, signedInAs, text, visit } from './support/pages';

const browser = useBrowser();
const fullName = `${deletable.given_name} ${deletable.family_name}`;
const SCREENSHOTS = path.resolve('test-results', 'screenshots');

/** A full-page screenshot at `width`, which must not scroll sideways. */
async function screenshot(page: Page, name: string, width: number) {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	await page.setViewportSize({ width, height: 800 });
	await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
	expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
	await page.setViewportSize({ width: 1280, height: 800 });
}

describe('journey: a participant deletes their account through the emailed link', () => {
	it('asks on "My data", confirms through the link read from the SMTP server, ends signed out, and is found nowhere in the database', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, '/my-data', deletable.username);
		expect(await signedInAs(page)).toBe(`Zalogowano jako ${fullName}`);

		await Promise.all([page.waitForURL(/\/my-data\/delete$/), page.getByRole('link', { name: 'Usuń moje konto' }).click()]);
		await checkA11y(page);
		expect(await text(page.locator('h1'))).toBe('Usuń moje konto');
		for (const width of [1280, 360]) await screenshot(page, 'my-data-delete', width);

		// Without the confirmation ticked: refused, with the reason next to the box.
		await page.getByRole('button', { name: 'Wyślij link potwierdzający' }).click();
		await page.locator('#confirm-error').waitFor();
		await checkA11y(page);
		expect(await text(page.locator('#confirm-error'))).toBe('Zaznacz, że rozumiesz skutki usunięcia konta.');

		await page.getByLabel('Rozumiem, że usunięcia konta nie można cofnąć.').check();
		await page.getByRole('button', { name: 'Wyślij link potwierdzający' }).click();
		await page.getByTestId('deletion-sent').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('deletion-sent'))).toContain(`Wysłaliśmy link potwierdzający na adres ${deletable.email}`);
		expect(await text(page.getByTestId('deletion-status'))).toContain('oczekuje na potwierdzenie e-mailem');

		// The message as the SMTP server received it: Polish, with the link in both parts.
		const mail = await waitForMail(inject('mailboxUrl'), deletable.email, /^Potwierdź usunięcie konta$/);
		const plain = mail.parts.find((p) => p.contentType === 'text/plain')!.body;
		const link = /http:\/\/localhost:\d+\/privacy-requests\/confirm\/[A-Za-z0-9_-]{43}/.exec(plain)?.[0];
		expect(link, plain).toBeDefined();
		expect(mail.parts.find((p) => p.contentType === 'text/html')!.body).toContain(`href="${link}"`);

		// Following the link shows what will happen; only the button deletes.
		await visit(page, link!);
		expect(await text(page.locator('h1'))).toBe('Usunięcie konta');
		expect(await text(page.getByTestId('confirm-account'))).toBe(`Konto: ${fullName}`);
		expect(await signedInAs(page)).toBe(`Zalogowano jako ${fullName}`);
		await page.getByRole('button', { name: 'Usuń konto na zawsze' }).click();
		await page.getByTestId('confirm-done').waitFor();
		await checkA11y(page);
		await screenshot(page, 'account-deleted', 360);
		expect(await text(page.locator('h1'))).toBe('Konto zostało usunięte');
		expect(await signedInAs(page)).toBeNull();
		expect(await page.locator('body').innerText()).not.toContain(deletable.email);

		// Signed out for good; the link does not work twice.
		await visit(page, '/');
		expect(await signedInAs(page)).toBeNull();
		await visit(page, link!);
		expect(await text(page.locator('h1'))).toBe('Link został już użyty lub wygasł');

		const databaseUrl = inject('databaseUrl');
		if (!databaseUrl) {
			// Without DATABASE_URL the app owns its embedded database; CI always runs with PostgreSQL.
			if (process.env.CI === 'true') throw new Error('CI=true but the e2e app has no PostgreSQL database to inspect');
			return;
		}
		const database = await openDatabase({ url: databaseUrl, poolMax: 1 });
		try {
			expect(await findPersonalData(database.db, [deletable.given_name, deletable.family_name, deletable.email])).toEqual([]);
		} finally {
			await database.close();
		}
	});
});
