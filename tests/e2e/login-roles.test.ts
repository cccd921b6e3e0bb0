import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { onIdpLogin, signInAtIdp, signedInAs, text, visit } from './support/pages';

const browser = useBrowser();

describe('journey 2: signing in through the development identity provider', () => {
	for (const [key, account] of Object.entries(demo)) {
		it(`as ${account.username} (${key}) lands back on the page the sign-in started from, with name and role`, async () => {
			const page = await browser.newPage();
			// An anonymous visit to /profile goes to the provider's form...
			await visit(page, '/profile');
			expect(onIdpLogin(page)).toBe(true);
			await signInAtIdp(page, account.username);
			// ...and the sign-in comes back to /profile.
			expect(new URL(page.url()).pathname).toBe('/profile');
			expect(await text(page.locator('h1'))).toBe('Mój profil');
			const [given, family] = account.name.split(' ');
			expect(await text(page.getByTestId('profile-given_name'))).toContain(given);
			expect(await text(page.getByTestId('profile-family_name'))).toContain(family);
			expect(await text(page.getByTestId('profile-roles'))).toContain(account.role);
			expect(await signedInAs(page)).toBe(`Zalogowano jako ${account.name}`);

			// The administration link is there for administrators only.
			const adminLink = page.locator('nav').getByRole('link', { name: 'Administracja' });
			expect(await adminLink.count()).toBe(key === 'admin' ? 1 : 0);

			// The session holds: the home page greets the person.
			await visit(page, '/');
			expect(await text(page.getByTestId('welcome'))).toBe(`Witaj, ${given}!`);
		});
	}
});
