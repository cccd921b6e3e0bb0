import type { Locator, Page, Response } from 'playwright-core';
import { checkA11y, checkedUrls } from './a11y';
import { PASSWORD } from './accounts';

export { checkA11y };

/** Opens a path of the app and checks the page it ends on (after redirects) for accessibility. */
export async function visit(page: Page, path: string): Promise<Response> {
	const response = await page.goto(path, { waitUntil: 'load' });
	if (!response) throw new Error(`No response for ${path}`);
	await checkA11y(page);
	return response;
}

/** The HTTP status of the document now shown (after a click or a form post, not only goto). */
export async function documentStatus(page: Page): Promise<number> {
	return page.evaluate(() => {
		const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
		return entry?.responseStatus ?? 0;
	});
}

export async function text(locator: Locator): Promise<string> {
	return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

const onIdp = (url: URL) => url.pathname.startsWith('/dev-idp/');
const backInApp = (url: URL) => !url.pathname.startsWith('/dev-idp') && url.pathname !== '/auth/callback' && url.pathname !== '/auth/login';

const isIdpLogin = (url: URL) => url.pathname.startsWith('/dev-idp/interaction/');

/** True when the page is the development identity provider's sign-in form. */
export function onIdpLogin(page: Page): boolean {
	return isIdpLogin(new URL(page.url()));
}

const isConsent = (url: URL) => url.pathname === '/consent';

/**
 * When the app asks the signed-in person to accept the terms and the privacy policy
 * (first sign-in, or a new version): checks the page, ticks every required box (never
 * the optional consents) and accepts, then waits to be where the person was going and
 * checks that page. Returns whether the page was shown.
 */
export async function acceptConsentIfAsked(page: Page): Promise<boolean> {
	if (!isConsent(new URL(page.url()))) return false;
	if (!checkedUrls(page).has(page.url())) await checkA11y(page);
	for (const box of await page.locator('input[type="checkbox"][name^="accept_"]').all()) await box.check();
	await Promise.all([
		page.waitForURL((url) => !isConsent(url), { waitUntil: 'load' }),
		page.getByRole('button', { name: /^(Akceptuję i przechodzę dalej|I accept, continue)$/ }).click()
	]);
	await checkA11y(page);
	return true;
}

/**
 * On the identity provider's sign-in form: checks it, signs in and waits to be back in
 * the app (wherever the sign-in returns to), then checks that page too. When the app
 * first asks to accept the terms and the privacy policy, accepts them and goes on
 * (unless `acceptConsent: false`: then it stays on the consent page).
 */
export async function signInAtIdp(page: Page, username: string, password = PASSWORD, options: { acceptConsent?: boolean } = {}): Promise<void> {
	await page.waitForURL(onIdp);
	if (!onIdpLogin(page)) throw new Error(`Expected the identity provider's sign-in form, got ${page.url()}`);
	if (!checkedUrls(page).has(page.url())) await checkA11y(page);
	await page.locator('#username').fill(username);
	await page.locator('#password').fill(password);
	await page.locator('button[type="submit"]').click();
	await page.waitForURL(backInApp, { waitUntil: 'load' });
	await checkA11y(page);
	if (options.acceptConsent !== false) await acceptConsentIfAsked(page);
}

/**
 * Opens `path` signed in as `username`: the app sends the anonymous visitor to the
 * identity provider and back to `path`.
 */
export async function openSignedIn(page: Page, path: string, username: string): Promise<void> {
	await page.goto(path);
	await signInAtIdp(page, username);
}

/** Starts a sign-in from the header button; ends either on the provider's form or back in the app. */
export async function clickHeaderLogin(page: Page): Promise<void> {
	// One document at the end of the redirect chain: the provider's form, or (with a live
	// provider session) the app again, possibly at /auth/error.
	await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		page.locator('header').getByRole('link', { name: /^(Zaloguj się|Log in)$/ }).click()
	]);
	await checkA11y(page);
	await acceptConsentIfAsked(page);
}

/** The header's "signed in as" text, or null for an anonymous visitor. */
export async function signedInAs(page: Page): Promise<string | null> {
	const who = page.getByTestId('signed-in-as');
	return (await who.count()) > 0 ? text(who) : null;
}

/** A same-origin form post from the page's browser (cookies included), as a crafted request would be. */
export async function postForm(page: Page, path: string, fields: Record<string, string>) {
	const origin = new URL(page.url()).origin;
	return page.request.post(path, {
		form: fields,
		headers: { origin, accept: 'text/html' },
		maxRedirects: 0
	});
}

/** Counts main-frame document loads from now on: an enhanced form submits without one. */
export function countDocumentLoads(page: Page): () => number {
	let loads = 0;
	page.on('load', () => loads++);
	return () => loads;
}
