import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser';
import { demo, newcomer, PASSWORD } from './support/accounts';
import { acceptConsentIfAsked, checkA11y, onIdpLogin, openSignedIn, signInAtIdp, signedInAs, text, visit } from './support/pages';

const browser = useBrowser();
const fullName = `${newcomer.given_name} ${newcomer.family_name}`;
const ACCEPT = 'Akceptuję i przechodzę dalej';

/**
 * Journeys of the terms of use and the privacy policy: the first sign-in asks for
 * acceptance, a new version published by an admin asks again with its change note, and
 * the optional ranking consent can be withdrawn at any time. The tests of this file
 * build on each other (one newcomer account) and run in order.
 */
describe('consent to the terms and the privacy policy', () => {
	it('asks at the first sign-in, explains what is missing, and then goes on to the page the person wanted', async () => {
		const page = await browser.newPage();
		await visit(page, '/my/courses');
		expect(onIdpLogin(page)).toBe(true);
		await signInAtIdp(page, newcomer.username, PASSWORD, { acceptConsent: false });

		const url = new URL(page.url());
		expect(url.pathname).toBe('/consent');
		expect(url.searchParams.get('returnTo')).toBe('/my/courses');
		expect(await text(page.locator('h1'))).toBe('Regulamin i polityka prywatności');
		expect(await text(page.getByTestId('consent-lead'))).toContain('Witamy na platformie');
		const ranking = page.getByLabel('Zgadzam się na pokazywanie mojego imienia i nazwiska w rankingach kursów.');
		expect(await ranking.isChecked()).toBe(false);

		// Any other page leads back here until the documents are accepted.
		await visit(page, '/courses');
		expect(new URL(page.url()).pathname).toBe('/consent');

		// "Nie akceptuję" explains what that means and the ways out, then leads back.
		await Promise.all([page.waitForURL((u) => u.pathname === '/consent/decline'), page.getByRole('link', { name: 'Nie akceptuję' }).click()]);
		await checkA11y(page);
		expect(await page.getByRole('link', { name: 'Moje dane i usunięcie konta' }).getAttribute('href')).toBe('/my-data');
		expect(await page.getByRole('button', { name: 'Wyloguj się' }).count()).toBeGreaterThan(0);
		await Promise.all([page.waitForURL((u) => u.pathname === '/consent'), page.getByRole('link', { name: 'Wróć do akceptacji' }).click()]);
		await checkA11y(page);
		expect(new URL(page.url()).searchParams.get('returnTo')).toBe('/courses');

		// Nothing ticked: refused, with the reason next to each box.
		await page.getByRole('button', { name: ACCEPT }).click();
		await page.getByTestId('accept-terms-error').waitFor();
		await checkA11y(page);
		expect(await page.getByTestId('accept-privacy-error').count()).toBe(1);
		expect(await text(page.getByTestId('consent-error'))).toContain('Nie zapisano akceptacji');

		// The full text can be read on the page.
		await page.getByText('Pokaż pełną treść: Regulamin korzystania z platformy').click();
		expect(await text(page.getByTestId('consent-terms'))).toContain('§4. Zasady korzystania z Platformy');

		await page.getByLabel(/akceptuję: Regulamin korzystania z platformy \(wersja 1\)/).check();
		await page.getByLabel(/akceptuję: Polityka prywatności \(wersja 1\)/).check();
		await Promise.all([page.waitForURL((u) => u.pathname === '/courses', { waitUntil: 'load' }), page.getByRole('button', { name: ACCEPT }).click()]);
		await checkA11y(page);
		expect(await signedInAs(page)).toBe(`Zalogowano jako ${fullName}`);

		// Accepted: not asked again.
		await visit(page, '/my/courses');
		expect(new URL(page.url()).pathname).toBe('/my/courses');
	});

	it('lets the person give and withdraw the ranking consent at any time, keeping a dated history', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, '/profile/consents', newcomer.username);
		expect(new URL(page.url()).pathname).toBe('/profile/consents');
		expect(await text(page.locator('h1'))).toBe('Moje zgody');
		expect(await text(page.getByTestId('ranking-state'))).toBe('brak zgody');
		expect(await page.getByTestId('ranking-history-empty').count()).toBe(1);
		expect(await text(page.getByTestId('accepted-documents'))).toContain('Regulamin');

		await page.getByRole('button', { name: 'Wyrażam zgodę' }).click();
		await page.getByTestId('consent-done').filter({ hasText: 'Zgoda została wyrażona.' }).waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('ranking-state'))).toBe('zgoda wyrażona');

		await page.getByRole('button', { name: 'Cofam zgodę' }).click();
		await page.getByTestId('consent-done').filter({ hasText: 'Zgoda została cofnięta.' }).waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('ranking-state'))).toBe('brak zgody');
		const rows = page.getByTestId('ranking-history').locator('tbody tr');
		expect(await rows.count()).toBe(2);
		expect(await text(rows.first())).toContain('cofnięcie zgody');
		expect(await text(rows.last())).toContain('wyrażenie zgody');

		// The choice holds after a reload.
		await visit(page, '/profile/consents');
		expect(await text(page.getByTestId('ranking-state'))).toBe('brak zgody');
	});

	it('asks again, with the change note, after an admin publishes a new version of the terms', async () => {
		const participant = await browser.newPage();
		await openSignedIn(participant, '/my/courses', newcomer.username);

		const admin = await browser.newPage();
		await openSignedIn(admin, '/admin/documents', demo.admin.username);
		expect(await text(admin.getByTestId('admin-current-terms'))).toMatch(/^nr 1,/);
		await Promise.all([admin.waitForURL(/\/admin\/documents\/terms$/), admin.getByRole('link', { name: /^Edytuj wersję roboczą\s*: Regulamin$/ }).click()]);
		await checkA11y(admin);
		expect(await text(admin.getByTestId('edit-source'))).toContain('kopii obowiązującej wersji');

		const body = admin.getByLabel('Treść po polsku');
		await body.fill(`${await body.inputValue()}\n\n## §8. Rankingi\n\nRanking pokazuje nazwisko tylko za zgodą.`);
		await admin.getByRole('button', { name: 'Podgląd' }).click();
		await admin.getByTestId('legal-preview').waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('legal-preview'))).toContain('§8. Rankingi');

		await admin.getByLabel('Opis zmian').fill('Dodano §8 o rankingach kursów.');
		await admin.getByRole('button', { name: 'Opublikuj nową wersję' }).click();
		await admin.getByTestId('confirm-publish-error').waitFor();
		await checkA11y(admin);
		await admin.getByLabel('Rozumiem, że każdy użytkownik będzie musiał zaakceptować nową wersję.').check();
		await admin.getByRole('button', { name: 'Opublikuj nową wersję' }).click();
		await admin.getByTestId('admin-done').waitFor();
		await checkA11y(admin);
		expect(await text(admin.getByTestId('admin-done'))).toContain('Opublikowano wersję nr 2');

		// The admin is asked too, then sees version 2 in force.
		await visit(admin, '/admin/documents');
		expect(await acceptConsentIfAsked(admin)).toBe(true);
		expect(new URL(admin.url()).pathname).toBe('/admin/documents');
		expect(await text(admin.getByTestId('admin-current-terms'))).toMatch(/^nr 2,/);

		// The participant's next page: the consent page, with what changed; only the terms are asked for.
		await visit(participant, '/courses');
		expect(new URL(participant.url()).pathname).toBe('/consent');
		expect(await text(participant.getByTestId('consent-lead'))).toContain('Opublikowaliśmy nową wersję');
		expect(await text(participant.getByTestId('consent-change-terms'))).toContain('Dodano §8 o rankingach kursów.');
		expect(await participant.getByTestId('consent-privacy').count()).toBe(0);
		expect(await participant.locator('input[name="ranking"]').count()).toBe(0);
		await participant.getByLabel(/akceptuję: Regulamin korzystania z platformy \(wersja 2\)/).check();
		await Promise.all([participant.waitForURL((u) => u.pathname === '/courses', { waitUntil: 'load' }), participant.getByRole('button', { name: ACCEPT }).click()]);
		await checkA11y(participant);

		// The public pages show version 2 in force, and version 1 as archived.
		await visit(participant, '/terms');
		expect(await participant.getByTestId('legal-document').getAttribute('data-version')).toBe('2');
		expect(await text(participant.getByTestId('legal-change-note'))).toBe('Dodano §8 o rankingach kursów.');
		await Promise.all([participant.waitForURL(/\/terms\/v\/1$/), participant.getByRole('link', { name: /^Wersja 1 z / }).click()]);
		await checkA11y(participant);
		expect(await text(participant.getByTestId('legal-archived'))).toContain('Obowiązuje wersja nr 2');
		expect(await text(participant.getByTestId('legal-body'))).not.toContain('§8. Rankingi');
	});
});
