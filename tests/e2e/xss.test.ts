import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo, hostile } from './support/accounts';
import { openSignedIn, signedInAs, text, visit } from './support/pages';

const browser = useBrowser();
const fullName = `${hostile.given_name} ${hostile.family_name}`;

async function expectInert(page: Page) {
	expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
	expect(await page.locator('img[src="x"]').count()).toBe(0);
	expect(await page.locator('script:not([src])', { hasText: 'window.__xss' }).count()).toBe(0);
}

describe('journey 5: profile claims an attacker controls', () => {
	it('render as inert text in the header, the profile, the home page and the admin list', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, '/profile', hostile.username);
		await expectInert(page);
		expect(await signedInAs(page)).toBe(`Zalogowano jako ${fullName}`);
		expect(await text(page.getByTestId('profile-given_name'))).toContain(hostile.given_name);
		expect(await text(page.getByTestId('profile-family_name'))).toContain(hostile.family_name);

		await visit(page, '/');
		await expectInert(page);
		expect(await text(page.getByTestId('welcome'))).toBe(`Witaj, ${hostile.given_name}!`);

		const admin = await browser.newPage();
		await openSignedIn(admin, '/admin/users', demo.admin.username);
		await expectInert(admin);
		expect(await admin.getByRole('link', { name: fullName }).count()).toBe(1);
	});
});
