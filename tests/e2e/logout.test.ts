import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { checkA11y, onIdpLogin, openSignedIn, signedInAs, visit } from './support/pages';

const browser = useBrowser();

describe('journey 3: logging out', () => {
	it('ends the session at the platform and, after "Tak, wyloguj", at the identity provider too', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, '/profile', demo.participant.username);
		expect(await signedInAs(page)).toBe(`Zalogowano jako ${demo.participant.name}`);

		// RP-initiated logout: the provider asks for confirmation.
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.getByRole('button', { name: 'Wyloguj się' }).click()]);
		expect(new URL(page.url()).pathname.startsWith('/dev-idp/')).toBe(true);
		await checkA11y(page);
		const confirm = page.getByRole('button', { name: /Tak, wyloguj/ });
		expect(await confirm.isVisible()).toBe(true);
		await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), confirm.click()]);
		await checkA11y(page);

		// Back on the platform, anonymous.
		expect(new URL(page.url()).pathname).toBe('/');
		expect(await signedInAs(page)).toBeNull();
		expect(await page.locator('header').getByRole('link', { name: 'Zaloguj się' }).count()).toBe(1);
		expect((await page.context().cookies()).some((c) => c.name === 'wzp_session')).toBe(false);

		// /profile now needs a sign-in again, and the provider asks for the password again.
		await visit(page, '/profile');
		expect(onIdpLogin(page)).toBe(true);
	});
});
