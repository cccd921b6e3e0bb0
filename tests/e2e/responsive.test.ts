import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { checkA11y, onIdpLogin, signInAtIdp, visit } from './support/pages';

const browser = useBrowser();
const SCREENSHOTS = path.resolve('test-results', 'screenshots');
const WIDTHS = [360, 1280] as const;

async function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
}

/** At each width: no horizontal scrolling, and a full-page screenshot for people to look at. */
async function shootAtEveryWidth(page: Page, name: string) {
	for (const width of WIDTHS) {
		await page.setViewportSize({ width, height: 800 });
		await checkA11y(page);
		expect(await horizontalOverflow(page), `${name} scrolls sideways at ${width}px`).toBeLessThanOrEqual(0);
		await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
	}
}

describe('journey 8: narrow and wide screens', () => {
	it('the home page at 360px has no horizontal scroll', async () => {
		const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
		await visit(page, '/');
		expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(360);
	});

	it('home, sign-in and profile fit at 360px and 1280px (screenshots in test-results/screenshots/)', async () => {
		fs.mkdirSync(SCREENSHOTS, { recursive: true });
		const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
		await visit(page, '/');
		await shootAtEveryWidth(page, 'home');

		await visit(page, '/profile');
		expect(onIdpLogin(page)).toBe(true);
		await shootAtEveryWidth(page, 'login');

		await signInAtIdp(page, demo.specialist.username);
		expect(new URL(page.url()).pathname).toBe('/profile');
		await shootAtEveryWidth(page, 'profile');

		await visit(page, '/');
		await shootAtEveryWidth(page, 'home-signed-in');
	});
});
