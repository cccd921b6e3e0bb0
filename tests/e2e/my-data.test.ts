import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { useBrowser } from './support/browser';
import { dataOwner, demo } from './support/accounts';
import { checkA11y, openSignedIn, text, visit } from './support/pages';

const browser = useBrowser();
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('journey: my data', () => {
	it('a participant corrects their name and picture, sees everything held about them on My data and downloads it as a ZIP', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, '/profile', dataOwner.username);
		expect(new URL(page.url()).pathname).toBe('/profile');

		// The provider sends no names for this account, so the person may give them here.
		await page.getByLabel('Imię', { exact: true }).fill('<b>');
		await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
		await page.locator('#givenName-error').waitFor();
		await checkA11y(page);
		expect(await text(page.locator('#givenName-error'))).toContain('Usuń znaki < i >');
		await page.getByLabel('Imię', { exact: true }).fill('Danuta');
		await page.getByLabel('Nazwisko', { exact: true }).fill('Danowska-Żak');
		await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
		await page.getByTestId('profile-done').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('profile-done'))).toBe('Zapisano zmiany.');

		// A picture is accepted by its content, and shown at a fixed size with a text alternative.
		await page.getByLabel('Nowe zdjęcie').setInputFiles({ name: 'ja.png', mimeType: 'image/png', buffer: PNG });
		await page.getByRole('button', { name: 'Prześlij zdjęcie' }).click();
		await page.getByTestId('profile-avatar').waitFor();
		await checkA11y(page);
		expect(await page.getByTestId('profile-avatar').getAttribute('alt')).toBe('Zdjęcie profilowe: Danuta Danowska-Żak');
		expect(await text(page.getByTestId('profile-email'))).toContain(dataOwner.email);

		await Promise.all([page.waitForURL('**/my-data'), page.getByTestId('my-data-link').click()]);
		await checkA11y(page);
		expect(await text(page.locator('h1'))).toBe('Moje dane');
		const account = await text(page.getByTestId('my-account'));
		expect(account).toContain('Danuta');
		expect(account).toContain('Danowska-Żak');
		expect(await text(page.getByTestId('my-email'))).toBe(dataOwner.email);
		const today = new Intl.DateTimeFormat('pl-PL', { dateStyle: 'long', timeZone: 'Europe/Warsaw' }).format(new Date());
		const accessLog = await text(page.getByTestId('access-log'));
		expect(accessLog).toContain(today);
		expect(accessLog).toMatch(/127\.0\.0\.1|::1/);
		expect(await text(page.getByTestId('my-acceptances'))).toContain('Regulamin');
		expect(await page.getByRole('link', { name: 'Usuń moje konto' }).getAttribute('href')).toBe('/my-data/delete');

		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-link').click()]);
		expect(download.suggestedFilename()).toBe(`moje-dane-${new Date().toISOString().slice(0, 10)}.zip`);
		const zip = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
		expect(Object.keys(zip).sort()).toEqual(['README.txt', 'avatar.png', 'data.json']);
		const data = JSON.parse(strFromU8(zip['data.json']));
		expect(data.account).toMatchObject({ email: dataOwner.email, givenName: 'Danuta', familyName: 'Danowska-Żak' });
		expect(data.access.accessLog.length).toBeGreaterThan(0);
		expect(Buffer.from(zip['avatar.png']).equals(PNG)).toBe(true);

		// The download is listed among the person's requests, as a completed export.
		await visit(page, '/my-data');
		expect(await text(page.getByTestId('my-requests'))).toContain('Eksport danych');
	});

	it('shows names the sign-in provider manages as read-only, with where to change them', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, '/profile', demo.participant.username);
		expect(await text(page.getByTestId('names-managed'))).toContain('zarządzane przez system jednolitego logowania');
		expect(await page.getByRole('button', { name: 'Zapisz zmiany' }).count()).toBe(0);
		expect(await text(page.getByTestId('profile-given_name'))).toContain('Anna');
		expect(await text(page.getByTestId('profile-email'))).toContain('Aby go poprawić, zmień go w SSO');
	});
});
