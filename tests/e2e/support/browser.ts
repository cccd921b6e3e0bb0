import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { checkedUrls, markScriptless } from './a11y';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

export const baseUrl = (): string => inject('baseUrl');

interface Tracked {
	context: BrowserContext;
	pages: { page: Page; visited: string[] }[];
}

/**
 * One Chromium per test file; every test opens its own contexts (a context is one
 * person's browser: its own cookies). After each test the contexts are closed, and a
 * passing test fails if it reached a page it never ran the accessibility check on.
 * Visitors are Polish by default (Accept-Language: pl-PL).
 */
export function useBrowser() {
	let browser: Browser | undefined;
	const open: Tracked[] = [];

	beforeAll(async () => {
		browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
	});

	afterEach(async (ctx) => {
		const unchecked: string[] = [];
		for (const tracked of open) {
			for (const { page, visited } of tracked.pages) {
				const done = checkedUrls(page);
				for (const url of visited) if (!done.has(url) && !unchecked.includes(url)) unchecked.push(url);
			}
		}
		await Promise.all(open.map((t) => t.context.close().catch(() => undefined)));
		open.length = 0;
		const failed = (ctx.task.result?.errors?.length ?? 0) > 0;
		if (!failed && unchecked.length > 0) {
			throw new Error(`Pages reached without an accessibility check (call checkA11y or visit):\n  ${unchecked.join('\n  ')}`);
		}
	});

	afterAll(async () => {
		await browser?.close();
	});

	return {
		/** A new person's browser (context) with one tab. */
		async newPage(options: BrowserContextOptions = {}): Promise<Page> {
			if (!browser) throw new Error('useBrowser(): the browser is not started yet (call newPage inside a test)');
			const context = await browser.newContext({ baseURL: baseUrl(), locale: 'pl-PL', ...options });
			context.setDefaultTimeout(15_000);
			if (options.javaScriptEnabled === false) markScriptless(context);
			const tracked: Tracked = { context, pages: [] };
			open.push(tracked);
			const page = await context.newPage();
			const visited: string[] = [];
			tracked.pages.push({ page, visited });
			page.on('framenavigated', (frame) => {
				if (frame === page.mainFrame() && frame.url() !== 'about:blank') visited.push(frame.url());
			});
			return page;
		}
	};
}
