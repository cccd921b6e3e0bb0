import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { blockable, demo } from './support/accounts';
import { checkA11y, clickHeaderLogin, documentStatus, onIdpLogin, openSignedIn, signInAtIdp, signedInAs, text, visit } from './support/pages';

const browser = useBrowser();
const fullName = `${blockable.given_name} ${blockable.family_name}`;

/** The admin opens the person's page from the list of users. */
async function openAccount(admin: Page, name: string) {
	await visit(admin, '/admin/users');
	await Promise.all([admin.waitForURL(/\/admin\/users\/[0-9a-f-]{36}$/), admin.getByRole('link', { name }).click()]);
	await checkA11y(admin);
	expect(await text(admin.locator('h1'))).toBe(name);
}

/** Signs in again from the header; with a live provider session the provider does not ask again. */
async function signInAgain(page: Page) {
	await clickHeaderLogin(page);
	if (onIdpLogin(page)) await signInAtIdp(page, blockable.username);
}

describe('journey 4: a blocked account', () => {
	it('is signed out at its next request and refused at sign-in until an admin unblocks it', async () => {
		const participant = await browser.newPage();
		await openSignedIn(participant, '/profile', blockable.username);
		expect(await signedInAs(participant)).toBe(`Zalogowano jako ${fullName}`);

		// An admin, in another browser, blocks the account.
		const admin = await browser.newPage();
		await openSignedIn(admin, '/admin/users', demo.admin.username);
		await openAccount(admin, fullName);
		expect(await text(admin.getByTestId('account-status'))).toBe('aktywne');
		await admin.getByLabel('Powód blokady').fill('Naruszenie regulaminu (test e2e)');
		await admin.getByLabel('Potwierdzam, że chcę zablokować to konto.').check();
		await admin.getByRole('button', { name: 'Zablokuj konto' }).click();
		await admin.getByTestId('admin-done').waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('admin-done'))).toContain('Konto zostało zablokowane');
		expect(await text(admin.getByTestId('account-status'))).toBe('zablokowane');
		expect(await text(admin.getByTestId('blocked-reason'))).toBe('Naruszenie regulaminu (test e2e)');

		// The participant's next request: signed out.
		await visit(participant, '/');
		expect(await signedInAs(participant)).toBeNull();
		expect(await participant.locator('header').getByRole('link', { name: 'Zaloguj się' }).count()).toBe(1);

		// Signing in again is refused with the blocked message.
		await signInAgain(participant);
		expect(new URL(participant.url()).pathname).toBe('/auth/error');
		expect(await documentStatus(participant)).toBe(403);
		expect(await participant.getByTestId('error-message').getAttribute('data-code')).toBe('users.account_blocked');
		expect(await text(participant.locator('h1'))).toBe('Konto zablokowane');
		expect(await text(participant.getByTestId('error-message'))).toContain('Twoje konto zostało zablokowane');
		expect(await signedInAs(participant)).toBeNull();

		// The admin unblocks; the participant can sign in again.
		await admin.getByRole('button', { name: 'Odblokuj konto' }).click();
		await admin.getByTestId('admin-done').filter({ hasText: 'odblokowane' }).waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('account-status'))).toBe('aktywne');

		await signInAgain(participant);
		expect(new URL(participant.url()).pathname).toBe('/');
		expect(await signedInAs(participant)).toBe(`Zalogowano jako ${fullName}`);
	});
});
