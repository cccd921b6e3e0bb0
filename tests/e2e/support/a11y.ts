import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const checked = new WeakMap<Page, Set<string>>();
const scriptless = new WeakSet<BrowserContext>();

/** URLs of `page` that passed checkA11y (the browser harness uses it to find unchecked pages). */
export function checkedUrls(page: Page): Set<string> {
	let set = checked.get(page);
	if (!set) checked.set(page, (set = new Set()));
	return set;
}

/** Registers a context created with javaScriptEnabled: false. */
export function markScriptless(context: BrowserContext): void {
	scriptless.add(context);
}

async function analyze(page: Page) {
	return new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
}

/**
 * axe needs timers, which do not run in a page with JavaScript disabled. Such a page is
 * checked through a copy: its DOM as the visitor has it (scripts removed, <noscript>
 * content kept visible), served at the same URL in a scripting browser that loads the
 * same stylesheets and runs none of the page's scripts.
 */
async function analyzeScriptless(page: Page) {
	const url = page.url();
	const html = (await page.content())
		.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '')
		.replace(/<noscript\b/gi, '<div data-noscript')
		.replace(/<\/noscript>/gi, '</div>');
	const browser = page.context().browser();
	if (!browser) throw new Error('checkA11y: the page has no browser');
	const mirror = await browser.newContext({ viewport: page.viewportSize() });
	try {
		await mirror.route('**/*', (route) => {
			const request = route.request();
			if (request.isNavigationRequest() && request.url() === url) {
				return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
			}
			if (request.resourceType() === 'script') return route.abort();
			return route.continue();
		});
		const copy = await mirror.newPage();
		await copy.goto(url, { waitUntil: 'load' });
		return await analyze(copy);
	} finally {
		await mirror.close();
	}
}

/**
 * Runs axe on the page as it is now (WCAG 2.2 AA rule set) and fails on any
 * violation of impact serious or critical, naming the rules and the elements.
 */
export async function checkA11y(page: Page): Promise<void> {
	await page.waitForLoadState('load');
	const url = page.url();
	const results = scriptless.has(page.context()) ? await analyzeScriptless(page) : await analyze(page);
	const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	if (blocking.length > 0) {
		const report = blocking
			.map((v) => `  ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    at ${n.target.join(' ')}`).join('\n')}`)
			.join('\n');
		throw new Error(`Accessibility violations on ${url}:\n${report}`);
	}
	checkedUrls(page).add(url);
}
