import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { QUIZ_REPORTS } from './support/quizadmin-seed';
import { checkA11y, openSignedIn, postForm, text, visit } from './support/pages';

const browser = useBrowser();
const base = `/teach/courses/${QUIZ_REPORTS.courseId}/quizzes/${QUIZ_REPORTS.activityId}`;
const SHOTS = '/tmp/shots-quizadmin';

async function shoot(page: Page, name: string) {
	fs.mkdirSync(SHOTS, { recursive: true });
	for (const width of [1280, 360]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

/** Submits an enhanced form with the given button and waits for the page's success message. */
async function submitAndWait(page: Page, button: ReturnType<Page['getByRole']>) {
	await button.click();
	await page.getByTestId('quizadmin-done').waitFor();
	await checkA11y(page);
}

describe('quiz reports journey: a trainer reviews results, grades an essay, adjusts the quiz', () => {
	it('filters attempts, exports a safe CSV, grades the essay, saves settings and an override, and reads the item analysis', async () => {
		const page = await browser.newPage();
		await openSignedIn(page, `${base}/results`, demo.trainer.username);
		expect(new URL(page.url()).pathname).toBe(`${base}/results`);
		expect(await text(page.getByTestId('quiz-title'))).toBe(QUIZ_REPORTS.quizTitle);
		expect(await page.getByTestId('attempt-row').count()).toBe(3);
		await shoot(page, 'results');

		// Filter: only the attempt awaiting grading.
		await page.getByLabel('Stan').selectOption('needs_grading');
		await Promise.all([page.waitForURL(/state=needs_grading/), page.getByTestId('filter-apply').click()]);
		await checkA11y(page);
		expect(await page.getByTestId('attempt-row').count()).toBe(1);
		expect(await text(page.getByTestId('attempt-row'))).toContain('Łucja Esejowska');

		// CSV: every attempt, the formula-like name neutralised.
		await visit(page, `${base}/results`);
		const csvHref = await page.getByTestId('csv-link').getAttribute('href');
		const csv = await page.request.get(new URL(csvHref!, page.url()).toString());
		expect(csv.status()).toBe(200);
		expect(csv.headers()['content-type']).toContain('text/csv');
		const body = await csv.text();
		expect(body).toContain(`"'=cmd|' /C calc'!A0 Formułowa"`);
		expect(body).not.toMatch(/(^|\r\n|,)"=cmd/);
		expect(body.split('\r\n')[0]).toContain('"Q1","Q2"');

		// Grading queue → the essay → a mark with a Polish decimal comma and a comment.
		await visit(page, `${base}/grading`);
		expect(await page.getByTestId('grading-row').count()).toBe(1);
		await Promise.all([page.waitForURL(`**${base}/grading/**`), page.getByTestId('grade-link').click()]);
		await checkA11y(page);
		expect(await text(page.getByTestId('essay-answer'))).toBe(QUIZ_REPORTS.essayText);
		expect(await text(page.getByTestId('grader-info'))).toContain('IOD');
		await shoot(page, 'grade');
		await page.getByLabel('Punkty (od 0 do 5)').fill('9');
		await page.getByTestId('grade-save').click();
		await page.getByTestId('quizadmin-error').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('quizadmin-error'))).toBe('Podaj liczbę punktów od 0 do 5.');
		await page.getByLabel('Punkty (od 0 do 5)').fill('3,5');
		await page.getByLabel('Komentarz dla uczestnika').fill('Dobrze, ale brakuje terminu dla UODO.');
		await Promise.all([page.waitForURL(`**${base}/grading?done=graded`), page.getByTestId('grade-save').click()]);
		await checkA11y(page);
		expect(await page.getByTestId('grading-empty').count()).toBe(1);

		// The attempt's grade now shows in the results: (3,5 + 1) / 6 = 75 %.
		await visit(page, `${base}/results?q=Esejowska`);
		expect(await text(page.getByTestId('attempt-percent'))).toBe('75 %');

		// Regrading with nothing changed in the questions changes no attempt.
		await page.getByLabel(/Rozumiem, że oceny uczestników mogą się zmienić/).check();
		await submitAndWait(page, page.getByTestId('regrade-submit'));
		expect(await text(page.getByTestId('quizadmin-done'))).toBe('Oceny przeliczone. Sprawdzone podejścia: 3, zmienione: 0.');

		// Settings: a time limit and one more review box, saved and shown again.
		await visit(page, base);
		await page.getByLabel('Limit czasu (w minutach)').fill('45');
		await page.getByTestId('review.rightAnswer.open').check();
		await submitAndWait(page, page.getByTestId('settings-save'));
		await visit(page, base);
		expect(await page.getByLabel('Limit czasu (w minutach)').inputValue()).toBe('45');
		expect(await page.getByTestId('review.rightAnswer.open').isChecked()).toBe(true);
		// A final test that is also practice is refused with a message at the field.
		await page.getByLabel('Test końcowy (podsumowujący)').check();
		await page.getByLabel(/Quiz ćwiczeniowy/).check();
		await page.getByTestId('settings-save').click();
		await page.getByTestId('practice-error').waitFor();
		await checkA11y(page);
		await shoot(page, 'settings');

		// Override: find an enrolled participant, give one extra attempt.
		await visit(page, `${base}/overrides`);
		await page.getByLabel(/Szukaj zapisanego uczestnika/).fill('Żaneta');
		await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Szukaj' }).click()]);
		await checkA11y(page);
		const overrideForm = page.getByTestId('override-form');
		await overrideForm.getByLabel('Dodatkowe podejścia').fill('1');
		await overrideForm.getByLabel('Własny limit czasu (w minutach)').fill('90');
		await submitAndWait(page, overrideForm.getByRole('button', { name: 'Zapisz wyjątek' }));
		expect(await text(page.getByTestId('override-row'))).toContain('Żaneta Trzecia');
		expect(await text(page.getByTestId('override-row'))).toContain('90 min');
		await shoot(page, 'overrides');

		// Questions: the structure is locked (attempts exist).
		await visit(page, `${base}/questions`);
		expect(await page.getByTestId('structure-locked').count()).toBe(1);
		expect(await page.getByTestId('slot').count()).toBe(2);
		await shoot(page, 'questions');

		// Item analysis over the three graded attempts, with its chart.
		await visit(page, `${base}/analysis`);
		expect(await page.getByTestId('analysis-row').count()).toBe(2);
		expect(await page.getByTestId('item-chart').getAttribute('aria-label')).toContain('pytanie 1');
		await shoot(page, 'analysis');
	});

	it('builds a quiz without attempts from the bank: adds, moves, re-marks and removes questions', async () => {
		const page = await browser.newPage();
		const questions = `/teach/courses/${QUIZ_REPORTS.courseId}/quizzes/${QUIZ_REPORTS.emptyQuizId}/questions`;
		await openSignedIn(page, questions, demo.trainer.username);
		expect(await page.getByTestId('slots-empty').count()).toBe(1);
		await page.getByLabel(/Zgłoszenie naruszenia/).check();
		await page.getByLabel(/Stolica Małopolski/).check();
		await submitAndWait(page, page.getByTestId('add-questions'));
		expect(await text(page.getByTestId('slot').first())).toContain('Pytanie 1: Stolica Małopolski');
		await submitAndWait(page, page.getByRole('button', { name: 'Przesuń pytanie 1 niżej' }));
		expect(await text(page.getByTestId('slot').first())).toContain('Pytanie 1: Zgłoszenie naruszenia');
		await page.getByLabel('Punkty', { exact: true }).nth(1).fill('2,5');
		await submitAndWait(page, page.getByRole('button', { name: 'Zapisz punkty pytania 2' }));
		await submitAndWait(page, page.getByRole('button', { name: 'Usuń pytanie 1 z quizu' }));
		expect(await page.getByTestId('slot').count()).toBe(1);
		expect(await text(page.getByTestId('total-marks'))).toBe('Suma punktów: 2,5');
		await page.getByLabel('Liczba pytań', { exact: true }).fill('5');
		await page.getByRole('button', { name: 'Dodaj losowe pytania' }).click();
		await page.getByTestId('quizadmin-error').waitFor();
		await checkA11y(page);
		expect(await text(page.getByTestId('quizadmin-error'))).toBe('W tej kategorii nie ma tylu pytań do losowania (jest ich 2, w quizie losowanych jest już 0).');
	});

	it('refuses a participant (403) and a trainer who does not run the course (404) every page, and changes nothing by a crafted post', async () => {
		for (const [username, status] of [['qa-trzeci', 403], ['qa-trener', 404]] as const) {
			const page = await browser.newPage();
			await openSignedIn(page, `/auth/login?returnTo=${encodeURIComponent('/')}`, username);
			for (const path of [base, `${base}/questions`, `${base}/overrides`, `${base}/results`, `${base}/results/csv`, `${base}/grading`, `${base}/analysis`]) {
				const response = await page.goto(path);
				expect(response?.status(), `${username} ${path}`).toBe(status);
				await checkA11y(page);
			}
			const crafted = await postForm(page, `${base}?/save`, { timeLimitMinutes: '1', overdueHandling: 'autosubmit', gradingMethod: 'highest', behaviour: 'deferred' });
			expect(crafted.status()).toBe(status);
		}
		const trainer = await browser.newPage();
		await openSignedIn(trainer, base, demo.trainer.username);
		expect(await trainer.getByLabel('Limit czasu (w minutach)').inputValue()).not.toBe('1');
	});
});
