import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { blockable, demo } from './support/accounts';
import { checkA11y, clickHeaderLogin, documentStatus, onIdpLogin, openSignedIn, signInAtIdp, signedInAs, text, visit } from './support/pages';

const browser = useBrowser();
const fullName = `${blockable.given_name} ${blockable.family_name}`;
const REASON = 'Udostępnianie konta innym osobom (test e2e)';

/** The admin finds the person in the directory by name and opens their page. */
async function openAccount(admin: Page, name: string) {
	await visit(admin, '/admin/users');
	await admin.getByLabel('Szukaj po imieniu, nazwisku lub adresie e-mail').fill(blockable.family_name.toUpperCase());
	await Promise.all([admin.waitForURL(/\/admin\/users\?q=/), admin.getByRole('button', { name: 'Filtruj' }).click()]);
	await checkA11y(admin);
	expect(await admin.getByTestId('user-row').count()).toBe(1);
	await Promise.all([admin.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/), admin.getByRole('link', { name }).click()]);
	await checkA11y(admin);
	expect(await text(admin.locator('h1'))).toBe(name);
}

/** Signs in again from the header; with a live provider session the provider does not ask again. */
async function signInAgain(page: Page) {
	await clickHeaderLogin(page);
	if (onIdpLogin(page)) await signInAtIdp(page, blockable.username);
}

/** The blocked page: 403, the reason and how to reach the administrator. */
async function expectBlockedPage(page: Page) {
	expect(new URL(page.url()).pathname).toBe('/blocked');
	expect(await documentStatus(page)).toBe(403);
	expect(await text(page.locator('h1'))).toBe('Konto zablokowane');
	expect(await text(page.getByTestId('blocked-reason'))).toBe(REASON);
	const contact = page.getByTestId('blocked-contact');
	expect(await contact.getByRole('link', { name: /@/ }).getAttribute('href')).toMatch(/^mailto:.+@.+/);
	expect(await contact.getByRole('link', { name: 'Skorzystaj z formularza kontaktowego' }).getAttribute('href')).toBe('/contact');
	expect(await signedInAs(page)).toBeNull();
}

describe('journey 4: a blocked account', () => {
	it('lands on the blocked page at its next request and at sign-in, until an admin unblocks it with a note', async () => {
		const participant = await browser.newPage();
		await openSignedIn(participant, '/profile', blockable.username);
		expect(await signedInAs(participant)).toBe(`Zalogowano jako ${fullName}`);

		// An admin, in another browser, blocks the account with a reason.
		const admin = await browser.newPage();
		await openSignedIn(admin, '/admin/users', demo.admin.username);
		await openAccount(admin, fullName);
		expect(await text(admin.getByTestId('account-status'))).toBe('aktywne');
		expect(await text(admin.locator('#reason-hint'))).toContain('Powód zobaczy zablokowana osoba');
		await admin.getByLabel('Powód blokady').fill(REASON);
		await admin.getByLabel('Potwierdzam, że chcę zablokować to konto.').check();
		await admin.getByRole('button', { name: 'Zablokuj konto' }).click();
		await admin.getByTestId('admin-done').waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('admin-done'))).toContain('Konto zostało zablokowane');
		expect(await text(admin.getByTestId('account-status'))).toBe('zablokowane');
		expect(await text(admin.getByTestId('blocked-reason'))).toBe(REASON);
		expect(await text(admin.getByTestId('history-entry').first())).toContain('Zablokowanie konta');

		// The participant's next request lands on the blocked page.
		await visit(participant, '/courses');
		await expectBlockedPage(participant);
		for (const width of [360, 1280]) {
			await participant.setViewportSize({ width, height: 800 });
			await participant.screenshot({ path: `test-results/screenshots/blocked-${width}.png`, fullPage: true });
		}

		// Closing it forgets the notice; signing in again lands there too.
		await Promise.all([participant.waitForURL((url) => url.pathname === '/'), participant.getByRole('button', { name: 'Zamknij' }).click()]);
		await checkA11y(participant);
		expect(await signedInAs(participant)).toBeNull();
		await signInAgain(participant);
		await expectBlockedPage(participant);

		// The admin unblocks after clarification, with a note.
		await admin.getByRole('button', { name: 'Odblokuj konto' }).click();
		await admin.getByTestId('note-error').waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('note-error'))).toBe('Opisz, jak wyjaśniono sprawę: od 3 do 500 znaków.');
		await admin.getByLabel('Notatka o wyjaśnieniu sprawy').fill('Wyjaśniono telefonicznie');
		await admin.getByRole('button', { name: 'Odblokuj konto' }).click();
		await admin.getByTestId('admin-done').filter({ hasText: 'odblokowane' }).waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('account-status'))).toBe('aktywne');
		const history = admin.getByTestId('history-entry');
		expect(await text(history.first())).toContain('Odblokowanie konta');
		expect(await text(history.first())).toContain('Wyjaśniono telefonicznie');
		expect(await text(history.first())).toContain(demo.admin.name);

		// The participant signs in again.
		await visit(participant, '/courses');
		await signInAgain(participant);
		expect(new URL(participant.url()).pathname).toBe('/courses');
		expect(await signedInAs(participant)).toBe(`Zalogowano jako ${fullName}`);
	}, 120_000);
});
