import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { text, visit } from './support/pages';

const browser = useBrowser();
const notice = (page: Page) => page.locator('#unsupported-browser');

describe('journey 6: the unsupported-browser notice', () => {
	const oldBrowsers = {
		'without fetch': () => {
			delete (window as { fetch?: unknown }).fetch;
		},
		'without CSS grid and custom properties': () => {
			CSS.supports = () => false;
		}
	};

	for (const [label, init] of Object.entries(oldBrowsers)) {
		it(`is shown to a browser ${label}, listing the recommended browsers`, async () => {
			const page = await browser.newPage();
			await page.addInitScript(init);
			await visit(page, '/');
			expect(await notice(page).isVisible()).toBe(true);
			expect(await text(notice(page))).toContain('Twoja przeglądarka nie jest obsługiwana');
			for (const name of ['Mozilla Firefox', 'Google Chrome', 'Microsoft Edge', 'Safari', 'Opera']) {
				expect(await text(notice(page))).toContain(name);
			}
		});
	}

	it('stays hidden in a current browser, also once the page is hydrated', async () => {
		const page = await browser.newPage();
		await visit(page, '/');
		await page.waitForLoadState('networkidle');
		expect(await notice(page).count()).toBe(1);
		expect(await notice(page).isHidden()).toBe(true);
	});
});
