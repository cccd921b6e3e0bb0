import { describe, expect, it } from 'vitest';
import { useBrowser, baseUrl } from './support/browser';
import { checkA11y, checkedUrls } from './support/a11y';

const browser = useBrowser();

/** A page with serious violations: an image without text and an unlabelled field. */
const BAD_PAGE = `<!doctype html><html lang="pl"><head><title>Zła strona</title></head>
<body><main><h1>Zła strona</h1><img src="/favicon.svg"><input type="text"></main></body></html>`;

describe('the accessibility gate every journey uses', () => {
	for (const javaScriptEnabled of [true, false]) {
		it(`fails on serious violations, naming the rules (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
			const page = await browser.newPage({ javaScriptEnabled });
			const url = `${baseUrl()}/__a11y-gate-fixture`;
			await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: BAD_PAGE }));
			await page.goto(url);
			const failure = await checkA11y(page).then(
				() => null,
				(error: Error) => error
			);
			expect(failure?.message).toMatch(/image-alt \(critical\)/);
			expect(failure?.message).toMatch(/label \(critical\)/);
			// The fixture was checked (and failed as it must): not an unchecked page.
			checkedUrls(page).add(page.url());
		});
	}
});
