import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo, secondAdmin } from './support/accounts';
import { UNNAMED_ACCOUNTS } from './support/seed';
import { checkA11y, clickHeaderLogin, countDocumentLoads, onIdpLogin, openSignedIn, postForm, signInAtIdp, text, visit } from './support/pages';

const browser = useBrowser();
const SCREENSHOTS = path.resolve('test-results', 'screenshots');

/** A full-page screenshot at `width`, which must not scroll sideways. */
async function screenshot(page: Page, name: string, width: number) {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	await page.setViewportSize({ width, height: 800 });
	await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
	expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
}

/** Opens an account's page from the list of users, as an admin would. */
async function openAccount(admin: Page, name: string) {
	await visit(admin, '/admin/users');
	await Promise.all([admin.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/), admin.getByRole('link', { name }).click()]);
	await checkA11y(admin);
}

describe('the admin page for blocking accounts', () => {
	it('sends an anonymous visitor to sign in', async () => {
		const page = await browser.newPage();
		await visit(page, '/admin/users');
		expect(onIdpLogin(page)).toBe(true);
	}, 120_000);

	it('refuses people without the users:block capability, in the page and in its actions', async () => {
		const trainer = await browser.newPage();
		await openSignedIn(trainer, '/admin/users', demo.trainer.username);
		expect(new URL(trainer.url()).pathname).toBe('/admin/users');
		// A fresh load: the first sign-in may have passed through the consent page.
		expect((await visit(trainer, '/admin/users')).status()).toBe(403);
		expect((await visit(trainer, '/admin/audit')).status()).toBe(403);
		expect((await visit(trainer, '/admin/users?q=a&status=blocked')).status()).toBe(403);
		expect(await text(trainer.getByTestId('error-message'))).toContain('Nie masz uprawnień do tej strony');
		expect(await trainer.locator('nav').getByRole('link', { name: 'Administracja' }).count()).toBe(0);

		// The capability is checked before anything else, whichever account is named.
		const response = await postForm(trainer, '/admin/users/00000000-0000-0000-0000-000000000000?/block', { reason: 'Próba bez uprawnień', confirm: 'yes' });
		expect(response.status()).toBe(403);
		await visit(trainer, '/profile');
		expect(await trainer.getByTestId('signed-in-as').count()).toBe(1);
	}, 120_000);

	it('lists the accounts, refuses to block the admin themself, and answers 404 for unknown ids', async () => {
		const admin = await browser.newPage();
		await visit(admin, '/');
		await clickHeaderLogin(admin);
		await signInAtIdp(admin, demo.admin.username);
		expect(new URL(admin.url()).pathname).toBe('/');
		await Promise.all([admin.waitForURL('**/admin'), admin.locator('nav').getByRole('link', { name: 'Administracja' }).click()]);
		await checkA11y(admin);
		await Promise.all([admin.waitForURL('**/admin/users'), admin.getByRole('link', { name: 'Użytkownicy', exact: true }).click()]);
		await checkA11y(admin);
		expect(await text(admin.locator('h1'))).toBe('Użytkownicy');
		const ownRow = admin.getByTestId('user-row').filter({ hasText: demo.admin.name });
		expect(await text(ownRow)).toContain('ewa.wisniewska@example.gov.pl');
		expect(await text(ownRow)).toContain('Administrator platformy');
		expect(await text(ownRow)).toContain('aktywne');
		// 20 a page; the seeded unnamed accounts come last and fill a second page.
		expect(await admin.getByTestId('user-row').count()).toBe(20);
		expect(await admin.getByRole('link', { name: 'Poprzednia strona' }).count()).toBe(0);
		await Promise.all([admin.waitForURL('**/admin/users?page=2'), admin.getByRole('link', { name: 'Następna strona' }).click()]);
		await checkA11y(admin);
		const secondPage = await admin.getByTestId('user-row').count();
		expect(secondPage).toBeGreaterThanOrEqual(UNNAMED_ACCOUNTS - 20);
		// An account without a name is listed under its email address.
		const unnamed = admin.getByTestId('user-row').last().getByRole('link');
		expect(await text(unnamed)).toMatch(/^konto-\d\d@example\.test$/);
		expect(await admin.getByRole('link', { name: 'Poprzednia strona' }).count()).toBe(1);
		await visit(admin, '/admin/users?page=999');
		expect(await text(admin.getByTestId('users-empty'))).toContain('Brak użytkowników');
		expect(await admin.getByRole('link', { name: 'Poprzednia strona' }).count()).toBe(1);
		expect(await admin.getByRole('link', { name: 'Następna strona' }).count()).toBe(0);

		await openAccount(admin, demo.admin.name);
		expect(await text(admin.getByTestId('admin-self'))).toContain('Nie możesz zablokować samego siebie');
		expect(await admin.getByRole('button', { name: 'Zablokuj konto' }).count()).toBe(0);
		// Even a crafted request cannot block oneself.
		const self = await postForm(admin, `${new URL(admin.url()).pathname}?/block`, { reason: 'Samodzielna blokada', confirm: 'yes' });
		expect(self.status()).toBe(400);
		expect(await self.text()).toContain('Nie możesz zablokować własnego konta.');
		await visit(admin, admin.url());
		expect(await text(admin.getByTestId('account-status'))).toBe('aktywne');

		for (const id of ['00000000-0000-0000-0000-000000000000', 'not-a-uuid']) {
			const response = await visit(admin, `/admin/users/${id}`);
			expect(response.status()).toBe(404);
			expect(await text(admin.getByTestId('error-message'))).toContain('Nie znaleziono strony');
		}

		await visit(admin, '/admin');
		for (const section of ['Użytkownicy', 'Kategorie kursów', 'Licencje materiałów', 'Powiadomienia']) {
			await expect(admin.getByRole('link', { name: section, exact: true }).count()).resolves.toBeGreaterThan(0);
		}
	}, 120_000);

	for (const javaScriptEnabled of [true, false]) {
		it(`explains a missing reason and confirmation next to the fields (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
			const admin = await browser.newPage({ javaScriptEnabled });
			await openSignedIn(admin, '/admin/users', secondAdmin.username);
			await openAccount(admin, demo.trainer.name);
			const submit = admin.getByRole('button', { name: 'Zablokuj konto' });
			const reason = admin.getByLabel('Powód blokady');
			// With JavaScript, the form is enhanced once the page is hydrated: no page load on submit.
			if (javaScriptEnabled) await admin.waitForLoadState('networkidle');
			const loads = countDocumentLoads(admin);

			await submit.click();
			await admin.getByTestId('reason-error').waitFor();
			await checkA11y(admin);
			expect(await text(admin.getByTestId('reason-error'))).toBe('Podaj powód blokady: od 3 do 500 znaków.');
			expect(await text(admin.getByTestId('confirm-error'))).toBe('Zaznacz potwierdzenie, aby zablokować konto.');
			expect(await reason.getAttribute('aria-invalid')).toBe('true');
			expect(await reason.getAttribute('aria-describedby')).toContain('reason-error');
			if (javaScriptEnabled) {
				// The enhanced form moves focus to the first field to correct.
				expect(await admin.evaluate(() => document.activeElement?.id)).toBe('reason');
				await screenshot(admin, 'admin-user-errors', 360);
			}

			// Too short, but confirmed: only the reason is wrong, and what was typed stays.
			await reason.fill('ab');
			await admin.getByLabel('Potwierdzam, że chcę zablokować to konto.').check();
			await submit.click();
			await admin.getByTestId('confirm-error').waitFor({ state: 'detached' });
			await checkA11y(admin);
			expect(await admin.getByTestId('reason-error').count()).toBe(1);
			expect(await reason.inputValue()).toBe('ab');
			expect(loads()).toBe(javaScriptEnabled ? 0 : 2);

			// Too long, in English.
			await Promise.all([admin.waitForNavigation({ waitUntil: 'load' }), admin.locator('form.lang button').click()]);
			await checkA11y(admin);
			await admin.getByLabel('Reason for blocking').fill('x'.repeat(501));
			await admin.getByLabel('I confirm that I want to block this account.').check();
			await admin.getByRole('button', { name: 'Block the account' }).click();
			await admin.getByTestId('reason-error').waitFor();
			await checkA11y(admin);
			expect(await text(admin.getByTestId('reason-error'))).toBe('Enter a reason for blocking: 3 to 500 characters.');
			expect(await text(admin.getByTestId('account-status'))).toBe('active');

			// Back to Polish: the choice is saved on the account.
			await Promise.all([admin.waitForNavigation({ waitUntil: 'load' }), admin.locator('form.lang button').click()]);
			await checkA11y(admin);
			expect(await admin.getAttribute('html', 'lang')).toBe('pl');

			if (javaScriptEnabled) {
				for (const width of [360, 1280]) await screenshot(admin, 'admin-user', width);
				await visit(admin, '/admin/users');
				for (const width of [360, 1280]) await screenshot(admin, 'admin-users', width);
			}
		}, 120_000);
	}
});
