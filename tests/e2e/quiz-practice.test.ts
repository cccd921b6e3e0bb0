import { describe, expect, it } from 'vitest';
import { useBrowser } from './support/browser';
import { QUIZ_COURSE } from './support/quiz-seed';
import { checkA11y, text, visit } from './support/pages';

const browser = useBrowser();
const quizPath = `/courses/${QUIZ_COURSE.slug}/quiz/${QUIZ_COURSE.practiceId}`;

describe('anonymous practice', () => {
	for (const javaScriptEnabled of [true, false]) {
		it(`grades a practice quiz in the page and stores nothing (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
			const page = await browser.newPage({ javaScriptEnabled });
			await visit(page, quizPath);
			expect(await page.getByTestId('start-attempt').count()).toBe(0);
			expect(await text(page.getByTestId('login-to-save'))).toBe('Zaloguj się, aby zapisać wynik');
			await Promise.all([page.waitForURL(/\/practice$/), page.getByTestId('practice-link').click()]);
			await checkA11y(page);
			expect(await text(page.getByTestId('practice-note'))).toContain('Wynik nie jest zapisywany');

			await page.locator('#question-1').getByLabel('Kraków').check();
			await page.locator('#question-2').getByLabel('Fałsz').check();
			await page.locator('#question-3').getByLabel('Odpowiedź').fill('rodo');
			await page.getByTestId('practice-grade').click();
			await page.getByTestId('practice-result').waitFor();
			await checkA11y(page);
			expect(await text(page.getByTestId('practice-result'))).toMatch(/^Twój wynik: 66,67% \(2 z 3 pkt\)$/);
			expect(await page.getByTestId('question-feedback').count()).toBe(3);

			// Nothing stored: the quiz page still has no attempts and no grade for this visitor.
			await visit(page, quizPath);
			expect(await page.getByTestId('attempt-row').count()).toBe(0);
			expect(await page.getByTestId('quiz-grade').count()).toBe(0);
		});
	}
});
