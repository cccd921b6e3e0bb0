import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser';
import { quizTimed } from './support/accounts-quiz';
import { QUIZ_COURSE } from './support/quiz-seed';
import { checkA11y, signInAtIdp, text } from './support/pages';

const browser = useBrowser();
const quizPath = `/courses/${QUIZ_COURSE.slug}/quiz/${QUIZ_COURSE.timedId}`;

describe('a quiz with a time limit', () => {
	it('submits the attempt with the saved answers when the time runs out', { timeout: 90_000 }, async () => {
		const page = await browser.newPage();
		await page.goto(`/auth/login?returnTo=${encodeURIComponent(quizPath)}`);
		await signInAtIdp(page, quizTimed.username);
		expect(await text(page.getByTestId('time-limit'))).toBe('20 s');
		await Promise.all([page.waitForURL(/\/attempt\/[0-9a-f-]+$/), page.getByTestId('start-attempt').click()]);
		await page.waitForLoadState('networkidle');
		await checkA11y(page);
		await page.getByTestId('quiz-timer').waitFor();
		if (process.env.QUIZ_SHOTS_DIR) {
			await page.setViewportSize({ width: 360, height: 740 });
			await page.screenshot({ path: `${process.env.QUIZ_SHOTS_DIR}/timed-360.png`, fullPage: true });
			await page.setViewportSize({ width: 1280, height: 800 });
		}

		await page.locator('#question-1').getByLabel('Kraków').check();
		await page.locator('#question-2').getByLabel('Odpowiedź').fill('RODO');
		await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();

		// Nobody clicks anything: the countdown ends and the page submits by itself.
		await page.waitForURL(/\/review$/, { timeout: 45_000 });
		await page.waitForLoadState('load');
		await checkA11y(page);
		expect(await page.getByTestId('review-state').getAttribute('data-state')).toBe('finished');
		expect(['timeout', 'participant']).toContain(await page.getByTestId('review-state').getAttribute('data-finished-by'));
		expect(await text(page.getByTestId('review-grade'))).toContain('100');
		// Answers after the end are refused.
		const late = await page.request.post(`${new URL(page.url()).pathname.replace(/\/review$/, '')}/answers`, {
			data: { answers: [{ slot: 0, seq: Date.now() + 60_000, response: { type: 'single', choice: 'b' } }] }
		});
		expect(late.status()).toBe(409);
		await page.goto(quizPath);
		await checkA11y(page);
		expect(await page.getByTestId('attempt-row').first().getAttribute('data-state')).toBe('finished');
	});
});
