import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo, discussant, secondAdmin } from './support/accounts';
import { checkA11y, openSignedIn, text, visit } from './support/pages';

const browser = useBrowser();
const discussantName = `${discussant.given_name} ${discussant.family_name}`;
const SCREENSHOTS = path.resolve('test-results', 'screenshots');

/** Full-page screenshots at 360 and 1280 px; the page must not scroll sideways. */
async function screenshots(page: Page, name: string) {
	fs.mkdirSync(SCREENSHOTS, { recursive: true });
	for (const width of [360, 1280]) {
		await page.setViewportSize({ width, height: 800 });
		await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
		expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(width);
	}
}

describe('the user directory, roles and the audit log', () => {
	it('finds people by name in any case, filters by role and last access, keeps filters across pages, and says when nothing matches', async () => {
		const admin = await browser.newPage();
		await openSignedIn(admin, '/admin/users', secondAdmin.username);
		// Keyboard only: type in the search field and press Enter.
		await admin.getByLabel('Szukaj po imieniu, nazwisku lub adresie e-mail').focus();
		await admin.keyboard.type('tESTOWY');
		await Promise.all([admin.waitForURL(/q=tESTOWY/), admin.keyboard.press('Enter')]);
		await checkA11y(admin);
		expect(await text(admin.getByTestId('users-count'))).toBe('Znalezione konta: 1');
		expect(await text(admin.getByTestId('user-row'))).toContain(`${secondAdmin.given_name} ${secondAdmin.family_name}`);
		await screenshots(admin, 'admin-directory');

		await visit(admin, '/admin/users');
		await admin.getByLabel('Rola').selectOption('admin');
		await Promise.all([admin.waitForURL(/role=admin/), admin.getByRole('button', { name: 'Filtruj' }).click()]);
		await checkA11y(admin);
		for (const row of await admin.getByTestId('user-row').all()) expect(await text(row)).toContain('Administrator platformy');
		expect(await text(admin.getByTestId('users-table'))).toContain(secondAdmin.family_name);
		expect(await text(admin.getByTestId('users-table'))).not.toContain(demo.trainer.name);

		// The seeded accounts that never signed in fill more than one page; the filter stays on page 2.
		await visit(admin, '/admin/users');
		await admin.getByLabel('Ostatni dostęp').selectOption('never');
		await Promise.all([admin.waitForURL(/lastAccess=never/), admin.getByRole('button', { name: 'Filtruj' }).click()]);
		await checkA11y(admin);
		expect(await admin.getByTestId('user-row').count()).toBe(20);
		await Promise.all([admin.waitForURL(/lastAccess=never.*page=2/), admin.getByRole('link', { name: 'Następna strona' }).click()]);
		await checkA11y(admin);
		expect(await admin.getByLabel('Ostatni dostęp').inputValue()).toBe('never');
		for (const row of await admin.getByTestId('user-row').all()) expect(await text(row)).toMatch(/konto-\d\d@example\.test.*nigdy/);

		await visit(admin, '/admin/users?q=nikogo-takiego-nie-ma');
		expect(await text(admin.getByTestId('users-empty'))).toContain('Żadne konto nie pasuje');
		expect(await text(admin.getByTestId('users-count'))).toBe('Znalezione konta: 0');
	}, 120_000);

	it('grants and revokes the trainer role from the keyboard, shows it in the history and in the audit log', async () => {
		// The discussant signs in once, so that their account exists.
		const person = await browser.newPage();
		await openSignedIn(person, '/profile', discussant.username);
		await person.close();

		const admin = await browser.newPage();
		await openSignedIn(admin, `/admin/users?q=${discussant.family_name}`, secondAdmin.username);
		await Promise.all([admin.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/), admin.getByRole('link', { name: discussantName }).click()]);
		await checkA11y(admin);
		expect(await text(admin.getByTestId('role-trainer'))).toContain('nie nadana');
		expect(await text(admin.getByTestId('trained-empty'))).toBe('Nie prowadzi żadnego kursu.');

		await admin.getByRole('button', { name: 'Nadaj rolę: Trener' }).focus();
		await admin.keyboard.press('Enter');
		await admin.getByTestId('admin-done').waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('admin-done'))).toBe('Nadano rolę: Trener.');
		await screenshots(admin, 'admin-user-roles');
		expect(await text(admin.getByTestId('role-trainer'))).toContain('nadana w aplikacji');
		expect(await text(admin.getByTestId('account-roles'))).toContain('Trener');
		// A trainer can now be added to a course.
		expect(await admin.getByLabel('Kurs', { exact: true }).count()).toBe(1);

		// Revoking needs the confirmation: without it, the message is next to the box.
		await admin.getByRole('button', { name: 'Odbierz rolę: Trener' }).focus();
		await admin.keyboard.press('Enter');
		await admin.getByTestId('revoke-trainer-error').waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('revoke-trainer-error'))).toBe('Zaznacz potwierdzenie, aby odebrać rolę.');
		await admin.getByLabel('Potwierdzam odebranie roli: Trener').focus();
		await admin.keyboard.press('Space');
		await admin.getByRole('button', { name: 'Odbierz rolę: Trener' }).focus();
		await admin.keyboard.press('Enter');
		await admin.getByTestId('admin-done').filter({ hasText: 'Odebrano' }).waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('role-trainer'))).toContain('nie nadana');
		const history = admin.getByTestId('history-entry');
		expect(await text(history.nth(0))).toContain('Odebranie roli: Trener');
		expect(await text(history.nth(1))).toContain('Nadanie roli: Trener');
		expect(await text(history.nth(0))).toContain(secondAdmin.family_name);

		// The audit log, filtered by action.
		await visit(admin, '/admin/audit');
		await admin.getByLabel('Działanie').selectOption('users.role_granted');
		await admin.getByLabel('Kto wykonał').fill(secondAdmin.family_name);
		await Promise.all([admin.waitForURL(/action=users.role_granted/), admin.getByRole('button', { name: 'Filtruj' }).click()]);
		await checkA11y(admin);
		const row = admin.getByTestId('audit-row').first();
		expect(await text(row)).toContain('Nadanie roli: Trener');
		expect(await row.getByRole('link', { name: discussantName }).count()).toBe(1);
		await screenshots(admin, 'admin-audit');
		await visit(admin, '/admin/audit?from=2000-01-02&to=2000-01-01');
		expect(await text(admin.getByTestId('to-error'))).toBe('Data końcowa nie może być wcześniejsza niż początkowa.');
	}, 120_000);
});
