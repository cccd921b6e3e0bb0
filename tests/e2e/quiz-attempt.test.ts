import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { quizOther, quizTaker } from './support/accounts-quiz';
import { QUIZ_COURSE } from './support/quiz-seed';
import { checkA11y, postForm, signInAtIdp, text, visit } from './support/pages';

const browser = useBrowser();
const quizPath = `/courses/${QUIZ_COURSE.slug}/quiz/${QUIZ_COURSE.mainId}`;
const shots = process.env.QUIZ_SHOTS_DIR;

/** Waits until the autosave reports every answer stored on the server. */
async function savedOnServer(page: Page) {
	await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
}

async function reload(page: Page) {
	await page.reload({ waitUntil: 'load' });
	await page.waitForLoadState('networkidle');
	await checkA11y(page);
}

const question = (page: Page, n: number) => page.locator(`#question-${n}`);

describe('taking a quiz: answers survive reloads and a dropped network, one graded attempt', () => {
	it('takes the quiz across two pages, keeps answers through reload and offline, submits once and reviews it', async () => {
		const page = await browser.newPage();
		await page.goto(`/auth/login?returnTo=${encodeURIComponent(quizPath)}`);
		await signInAtIdp(page, quizTaker.username);
		expect(await text(page.locator('h1'))).toBe(QUIZ_COURSE.mainTitle);
		expect(await text(page.getByTestId('no-attempts'))).toBe('Nie masz jeszcze żadnego podejścia.');
		if (shots) await page.screenshot({ path: `${shots}/summary-1280.png`, fullPage: true });

		await Promise.all([page.waitForURL(/\/attempt\/[0-9a-f-]+$/), page.getByTestId('start-attempt').click()]);
		await page.waitForLoadState('networkidle');
		await checkA11y(page);
		const attemptPath = new URL(page.url()).pathname;
		expect(await text(page.locator('.page-of'))).toBe('Strona 1 z 2');

		// Page 1: single, multiple, true/false, short answer; each change is saved at once.
		await question(page, 1).getByLabel('Kraków').check();
		await question(page, 2).getByLabel('Imię i nazwisko').check();
		await question(page, 2).getByLabel('Numer PESEL').check();
		await question(page, 3).getByLabel('Prawda').check();
		await savedOnServer(page);
		if (shots) await page.screenshot({ path: `${shots}/attempt-1280.png`, fullPage: true });

		// Another participant of the course can neither read nor write this attempt.
		const other = await browser.newPage();
		await other.goto(`/auth/login?returnTo=${encodeURIComponent(quizPath)}`);
		await signInAtIdp(other, quizOther.username);
		const foreign = await other.request.post(`${attemptPath}/answers`, {
			data: { answers: [{ slot: 0, seq: Date.now() + 60_000, response: { type: 'single', choice: 'b' } }] }
		});
		expect(foreign.status()).toBe(403);
		expect((await foreign.json()).code).toBe('quiz.attempt_forbidden');
		expect((await visit(other, attemptPath)).status()).toBe(403);
		expect((await postForm(other, `${attemptPath}/summary?/submit`, { confirm: 'yes' })).status()).toBe(403);

		// A reload shows the answers the server holds (the intruder changed nothing).
		await reload(page);
		expect(await question(page, 1).getByLabel('Kraków').isChecked()).toBe(true);
		expect(await question(page, 2).getByLabel('Numer PESEL').isChecked()).toBe(true);
		expect(await page.locator('[data-testid="nav-question"][data-answered="true"]').count()).toBe(3);

		// The network drops: the answer waits in the browser, the page says so, then it is sent.
		await page.context().setOffline(true);
		await question(page, 4).getByLabel('Odpowiedź').fill('rodo');
		await page.locator('[data-testid="save-status"][data-status="offline"]').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('save-status'))).toBe(
			'Brak połączenia — odpowiedzi są zapisane w tej przeglądarce i zostaną wysłane po odzyskaniu połączenia.'
		);
		expect(await page.evaluate((key) => localStorage.getItem(key), `quiz-attempt:${attemptPath.split('/').pop()}`)).toContain('rodo');
		await page.context().setOffline(false);
		await savedOnServer(page);
		// Proof it is on the server: forget the browser's copy and reload.
		await page.evaluate(() => localStorage.clear());
		await reload(page);
		expect(await question(page, 4).getByLabel('Odpowiedź').inputValue()).toBe('rodo');

		// Page 2. The server does not answer: the answer stays in the browser, and a reload puts it back and sends it.
		await Promise.all([page.waitForURL(/page=2/), page.getByTestId('next-page').click()]);
		await page.waitForLoadState('networkidle');
		await checkA11y(page);
		expect(await text(page.locator('.page-of'))).toBe('Strona 2 z 2');
		await page.route('**/answers', (route) => route.abort('internetdisconnected'));
		await question(page, 5).getByLabel('Odpowiedź').fill('72');
		await page.locator('[data-testid="save-status"][data-status="offline"]').waitFor();
		// Reloaded while the server is still unreachable: the answer comes back from the browser's buffer.
		await reload(page);
		expect(await question(page, 5).getByLabel('Odpowiedź').inputValue()).toBe('72');
		await page.unroute('**/answers');
		await savedOnServer(page);
		await page.evaluate(() => localStorage.clear());
		await reload(page);
		expect(await question(page, 5).getByLabel('Odpowiedź').inputValue()).toBe('72');

		// Matching with selects, ordering with buttons (the move is announced).
		await question(page, 6).getByLabel('UODO').selectOption('Nadzoruje ochronę danych');
		await question(page, 6).getByLabel('IOD').selectOption('Doradza administratorowi');
		const firstItem = await question(page, 7).locator('li .text').first().innerText();
		await question(page, 7).getByRole('button', { name: `Przesuń w dół: ${firstItem}` }).click();
		expect(await text(question(page, 7).locator('[aria-live="polite"]'))).toBe(`${firstItem}: teraz na pozycji 2 z 3.`);
		await savedOnServer(page);
		await checkA11y(page);
		await page.setViewportSize({ width: 360, height: 800 });
		if (shots) await page.screenshot({ path: `${shots}/attempt-360.png`, fullPage: true });
		await page.setViewportSize({ width: 1280, height: 800 });

		// Summary, confirmation, and a double click that still makes one graded attempt.
		await Promise.all([page.waitForURL(/\/summary$/), page.getByTestId('finish-attempt').click()]);
		await checkA11y(page);
		expect(await page.locator('[data-testid="summary-row"][data-answered="true"]').count()).toBe(7);
		await Promise.all([page.waitForURL(/confirm=1/), page.getByTestId('submit-all').click()]);
		await checkA11y(page);
		await Promise.all([page.waitForURL(/\/review$/), page.getByTestId('confirm-submit').dblclick()]);
		await checkA11y(page);
		expect(await page.getByTestId('review-state').getAttribute('data-state')).toBe('finished');
		if (shots) await page.screenshot({ path: `${shots}/review-1280.png`, fullPage: true });

		// A retried request for the same submit lands on the same review; an answer after it is refused.
		const again = await postForm(page, `${attemptPath}/summary?/submit`, { confirm: 'yes' });
		expect(again.status()).toBe(303);
		expect(again.headers()['location']).toBe(`${attemptPath}/review`);
		const late = await page.request.post(`${attemptPath}/answers`, {
			data: { answers: [{ slot: 0, seq: Date.now() + 10_000, response: { type: 'single', choice: 'b' } }] }
		});
		expect(late.status()).toBe(409);
		expect((await late.json()).code).toBe('quiz.attempt_closed');
		const bad = await page.request.post(`${attemptPath}/answers`, { headers: { 'content-type': 'application/json' }, data: '{oops' });
		expect(bad.status()).toBe(400);

		await Promise.all([page.waitForURL(`**${quizPath}`), page.getByTestId('back-to-quiz').click()]);
		await checkA11y(page);
		expect(await page.getByTestId('attempt-row').count()).toBe(1);
		expect(await page.getByTestId('attempt-row').first().getAttribute('data-state')).toBe('finished');
		expect(await text(page.getByTestId('quiz-grade'))).toContain('Twoja ocena');

		// My results in the course.
		await page.goto(`/courses/${QUIZ_COURSE.slug}`);
		await checkA11y(page);
		await Promise.all([page.waitForURL(/\/results$/), page.getByTestId('course-results-link').click()]);
		await checkA11y(page);
		expect(await text(page.getByTestId('results-row').filter({ hasText: QUIZ_COURSE.mainTitle }))).toContain('1');
	});

	it('works without JavaScript: the page buttons save the answers, the summary submits', async () => {
		const page = await browser.newPage({ javaScriptEnabled: false });
		await page.goto(`/auth/login?returnTo=${encodeURIComponent(quizPath)}`);
		await signInAtIdp(page, quizOther.username);
		await Promise.all([page.waitForURL(/\/attempt\/[0-9a-f-]+$/), page.getByTestId('start-attempt').click()]);
		await checkA11y(page);
		await question(page, 1).getByLabel('Kraków').check();
		await question(page, 4).getByLabel('Odpowiedź').fill('RODO');
		await Promise.all([page.waitForURL(/page=2$/), page.getByTestId('next-page').click()]);
		await checkA11y(page);
		await question(page, 5).getByLabel('Odpowiedź').fill('72 h');
		await question(page, 7).getByLabel('Pozycja elementu: Wykrycie naruszenia').selectOption('1');
		await Promise.all([page.waitForURL(/page=1$/), page.getByTestId('prev-page').click()]);
		await checkA11y(page);
		expect(await question(page, 1).getByLabel('Kraków').isChecked()).toBe(true);
		expect(await question(page, 4).getByLabel('Odpowiedź').inputValue()).toBe('RODO');
		await Promise.all([page.waitForURL(/\/summary$/), page.getByRole('button', { name: 'Zakończ podejście' }).first().click()]);
		await checkA11y(page);
		const answered = page.locator('[data-testid="summary-row"][data-answered="true"]');
		expect(await answered.filter({ hasText: 'Pytanie 1' }).count()).toBe(1);
		expect(await answered.filter({ hasText: 'Pytanie 5' }).count()).toBe(1);
		expect(await page.locator('[data-testid="summary-row"][data-answered="false"]').filter({ hasText: 'Pytanie 2' }).count()).toBe(1);
		await Promise.all([page.waitForURL(/confirm=1$/), page.getByTestId('submit-all').click()]);
		await checkA11y(page);
		await Promise.all([page.waitForURL(/\/review$/), page.getByTestId('confirm-submit').click()]);
		await checkA11y(page);
		expect(await page.getByTestId('review-state').getAttribute('data-state')).toBe('finished');
	});

	it('grades one question at once with "Sprawdź" in the interactive behaviour', async () => {
		const path = `/courses/${QUIZ_COURSE.slug}/quiz/${QUIZ_COURSE.interactiveId}`;
		const page = await browser.newPage();
		await page.goto(`/auth/login?returnTo=${encodeURIComponent(path)}`);
		await signInAtIdp(page, quizOther.username);
		await Promise.all([page.waitForURL(/\/attempt\/[0-9a-f-]+$/), page.getByTestId('start-attempt').click()]);
		await page.waitForLoadState('networkidle');
		await checkA11y(page);
		await question(page, 1).getByLabel('Łódź').check();
		await question(page, 1).getByTestId('check').click();
		await question(page, 1).getByTestId('question-feedback').waitFor();
		await checkA11y(page);
		expect(await question(page, 1).locator('[data-testid="question-feedback"] .state').getAttribute('data-state')).toBe('incorrect');
		// The essay counts words as they are typed and is saved like any other answer.
		const essay = question(page, 3);
		expect(await text(essay.locator('.hint'))).toBe('Najwyżej 300 słów.');
		await essay.getByLabel('Twoja odpowiedź').fill('Zgłaszam naruszenie do IOD niezwłocznie.');
		expect(await text(essay.locator('.count'))).toBe('Liczba słów: 5');
		await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
		await page.reload({ waitUntil: 'networkidle' });
		await checkA11y(page);
		expect(await question(page, 3).getByLabel('Twoja odpowiedź').inputValue()).toBe('Zgłaszam naruszenie do IOD niezwłocznie.');
		if (shots) await page.screenshot({ path: `${shots}/interactive-1280.png`, fullPage: true });
	});
});
