import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser';
import { quizExtraTime, quizTimed } from './support/accounts-quiz';
import { demo } from './support/accounts';
import { QUIZ_COURSE } from './support/quiz-seed';
import { checkA11y, signInAtIdp, text, visit } from './support/pages';

const browser = useBrowser();
const quizPath = `/courses/${QUIZ_COURSE.slug}/quiz/${QUIZ_COURSE.timedId}`;
const extraTimePath = `/courses/${QUIZ_COURSE.slug}/quiz/${QUIZ_COURSE.extraTimeId}`;
const secondsLeft = async (timer: string) => {
	const [m, s] = timer.split(':').map(Number);
	return m * 60 + s;
};

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

	it('keeps a running attempt going when an administrator grants extra time as an accommodation', { timeout: 120_000 }, async () => {
		const page = await browser.newPage();
		await page.goto(`/auth/login?returnTo=${encodeURIComponent(extraTimePath)}`);
		await signInAtIdp(page, quizExtraTime.username);
		await Promise.all([page.waitForURL(/\/attempt\/[0-9a-f-]+$/), page.getByTestId('start-attempt').click()]);
		await page.waitForLoadState('networkidle');
		await checkA11y(page);
		const attemptUrl = page.url();
		const timer = page.getByTestId('quiz-timer').locator('[role="timer"]');
		expect(await secondsLeft(await text(timer))).toBeLessThanOrEqual(30);

		// Meanwhile an administrator gives this person 10 minutes for the quiz.
		const admin = await browser.newPage();
		await admin.goto(`/auth/login?returnTo=${encodeURIComponent(extraTimePath)}`);
		await signInAtIdp(admin, demo.admin.username);
		await Promise.all([admin.waitForURL(/\/teach\/courses\/[0-9a-f-]+\/quizzes\//), admin.getByTestId('manage-quiz').click()]);
		await checkA11y(admin);
		await visit(admin, `${new URL(admin.url()).pathname}/overrides`);
		await admin.getByLabel(/Szukaj zapisanego uczestnika/).fill('Wydłużona');
		await Promise.all([admin.waitForURL(/q=/), admin.getByRole('button', { name: 'Szukaj' }).click()]);
		await checkA11y(admin);
		const overrideForm = admin.getByTestId('override-form');
		await overrideForm.getByLabel('Własny limit czasu (w minutach)').fill('10');
		await overrideForm.getByRole('button', { name: 'Zapisz wyjątek' }).click();
		await admin.getByTestId('quizadmin-done').waitFor();
		await checkA11y(admin);

		// The participant's next autosave brings the new deadline; the page does not submit at 30 s.
		await page.locator('#question-1').getByLabel('Kraków').check();
		await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor();
		await expect.poll(async () => secondsLeft(await text(timer)), { timeout: 10_000 }).toBeGreaterThan(8 * 60);
		await page.waitForTimeout(32_000);
		expect(page.url()).toBe(attemptUrl);
		expect(await secondsLeft(await text(timer))).toBeGreaterThan(8 * 60);
		await checkA11y(page);
	});
});
