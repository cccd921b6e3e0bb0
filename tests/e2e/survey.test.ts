import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './support/browser';
import { demo } from './support/accounts';
import { surveyOther, surveyRespondent } from './support/accounts-surveys';
import { SURVEY_COURSE } from './support/surveys-seed';
import { checkA11y, openSignedIn, postForm, signInAtIdp, text, visit } from './support/pages';

const browser = useBrowser();
const surveyPath = `/courses/${SURVEY_COURSE.slug}/survey/${SURVEY_COURSE.anonymousId}`;
const adminPath = `/teach/courses/${SURVEY_COURSE.courseId}/surveys/${SURVEY_COURSE.anonymousId}`;
const SHOTS = '/tmp/shots-surveys';

/** Full-page screenshots at desktop and phone width; the page must not scroll sideways at 360 px. */
async function screenshots(page: Page, name: string) {
	mkdirSync(SHOTS, { recursive: true });
	for (const width of [1280, 360]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
		const wide = await page.evaluate(() =>
			[...document.querySelectorAll('body *')]
				.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
				.map((el) => `${el.tagName}.${el.className}`)
				.slice(0, 5)
		);
		expect(wide).toEqual([]);
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

describe('survey journey: a participant answers an anonymous survey once, the trainer reads the results', () => {
	it('asks an anonymous visitor to sign in and shows no form', async () => {
		const visitor = await browser.newPage();
		await visit(visitor, surveyPath);
		expect(await text(visitor.locator('h1'))).toBe(SURVEY_COURSE.anonymousTitle);
		const login = visitor.getByTestId('survey-signin').getByRole('link', { name: 'Zaloguj się' });
		expect(await login.getAttribute('href')).toBe(`/auth/login?returnTo=${encodeURIComponent(surveyPath)}`);
		expect(await visitor.getByTestId('survey-form').count()).toBe(0);
		expect(await visitor.getByTestId('survey-question').count()).toBe(0);
	});

	it('refuses a missing required answer in Polish, saves one anonymous response, refuses a second, and shows the trainer results and CSV', async () => {
		const participant = await browser.newPage();
		await participant.goto(`/auth/login?returnTo=${encodeURIComponent(surveyPath)}`);
		await signInAtIdp(participant, surveyRespondent.username);
		expect(new URL(participant.url()).pathname).toBe(surveyPath);
		expect(await text(participant.getByTestId('anonymous-notice'))).toBe('Ankieta jest anonimowa: nie zapisujemy, kto udzielił których odpowiedzi.');
		await screenshots(participant, 'survey-form');

		// Nothing answered: the required rating is refused with a message next to it.
		await participant.getByTestId('survey-submit').click();
		await participant.getByTestId('survey-form-error').waitFor();
		await checkA11y(participant);
		const ratingError = participant.locator('[data-testid$="-error"]').filter({ hasText: 'Odpowiedz na to pytanie' });
		expect(await text(ratingError)).toBe('Odpowiedz na to pytanie: jest obowiązkowe.');

		const rating = participant.getByRole('group', { name: /Jak oceniasz szkolenie/ });
		await rating.getByLabel('4', { exact: true }).check();
		await participant.getByRole('group', { name: /W jakiej formie/ }).getByLabel('zdalnie').check();
		const useful = participant.getByRole('group', { name: /najbardziej przydatne/ });
		await useful.getByLabel('wykład').check();
		await useful.getByLabel('ćwiczenia').check();
		await participant.getByLabel(/Ile godzin/).fill('12,5');
		await participant.getByLabel(/jednym słowem/).fill('=SUMA(A1:A9)');
		await participant.getByLabel(/Co możemy poprawić/).fill('Więcej ćwiczeń z przykładami z urzędów gmin.');
		await participant.getByTestId('survey-submit').click();
		await participant.getByTestId('survey-thanks').waitFor();
		await checkA11y(participant);
		expect(await text(participant.getByTestId('survey-thanks'))).toContain('Dziękujemy, Twoja odpowiedź została zapisana');

		// A reload shows that the response is saved and no form; a crafted second post is refused.
		await visit(participant, surveyPath);
		expect(await participant.getByTestId('survey-responded').count()).toBe(1);
		expect(await participant.getByTestId('survey-form').count()).toBe(0);
		const again = await postForm(participant, surveyPath, { [`q-x`]: '1' });
		expect(again.status()).toBe(409);

		// The trainer sees one response, the chart with its data table, and downloads the CSV without any person's data.
		const trainer = await browser.newPage();
		await openSignedIn(trainer, adminPath, demo.trainer.username);
		expect(await trainer.getByTestId('survey-locked').count()).toBe(1);
		await Promise.all([trainer.waitForURL(`**${adminPath}/results`), trainer.getByTestId('survey-results-link').click()]);
		await checkA11y(trainer);
		expect(await text(trainer.getByTestId('survey-response-count'))).toBe('Liczba odpowiedzi: 1');
		const ratingResult = trainer.getByTestId('survey-result').first();
		expect(await ratingResult.getByRole('img', { name: /Wykres słupkowy: Jak oceniasz szkolenie/ }).count()).toBe(1);
		expect(await text(ratingResult.getByRole('row', { name: /^4 / }))).toBe('4 1 100%');
		expect(await text(trainer.getByTestId('survey-result').nth(5))).toContain('Więcej ćwiczeń z przykładami z urzędów gmin.');
		await screenshots(trainer, 'survey-results');

		const csv = await trainer.request.get(`${adminPath}/results/csv`);
		expect(csv.status()).toBe(200);
		expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
		const body = await csv.text();
		expect(body).toContain(`"'=SUMA(A1:A9)"`);
		expect(body).toContain('"Dzień odpowiedzi"');
		for (const needle of [surveyRespondent.email, surveyRespondent.family_name, 'Grażyna']) expect(body).not.toContain(needle);

		await visit(trainer, adminPath);
		await screenshots(trainer, 'survey-admin');
	});

	it('answers "not found" to a participant on the results, the CSV and the settings, and changes nothing', async () => {
		const other = await browser.newPage();
		await other.goto(`/auth/login?returnTo=${encodeURIComponent(surveyPath)}`);
		await signInAtIdp(other, surveyOther.username);
		expect((await other.goto(`${adminPath}/results`))?.status()).toBe(404);
		await checkA11y(other);
		expect((await other.request.get(`${adminPath}/results/csv`)).status()).toBe(404);
		const write = await postForm(other, `${adminPath}?/settings`, { anonymous: '', opensAt: '', closesAt: '2020-01-01T00:00' });
		expect(write.status()).toBe(404);
		// The survey is still open for this participant: the settings post changed nothing.
		await visit(other, surveyPath);
		expect(await other.getByTestId('survey-form').count()).toBe(1);
	});

	it('lets the trainer add and edit a question of the named survey after a clear refusal, and close the survey', async () => {
		const namedAdmin = `/teach/courses/${SURVEY_COURSE.courseId}/surveys/${SURVEY_COURSE.namedId}`;
		const trainer = await browser.newPage();
		await openSignedIn(trainer, namedAdmin, demo.trainer.username);
		const add = trainer.getByTestId('add-form');
		await add.getByLabel('Typ pytania').selectOption('single');
		await add.getByLabel('Treść pytania').fill('Czy polecisz szkolenie współpracownikom?');
		await add.getByLabel(/Odpowiedzi do wyboru/).fill('tak');
		await trainer.getByTestId('add-submit').click();
		await trainer.getByTestId('add-choices-error').waitFor();
		await checkA11y(trainer);
		expect(await text(trainer.getByTestId('add-choices-error'))).toBe('Podaj od 2 do 20 odpowiedzi, każdą w osobnym wierszu (najwyżej 300 znaków każda).');
		await add.getByLabel(/Odpowiedzi do wyboru/).fill('tak\nnie\nnie wiem');
		await trainer.getByTestId('add-submit').click();
		await trainer.getByTestId('survey-admin-done').waitFor();
		await checkA11y(trainer);
		expect(await text(trainer.getByTestId('survey-questions'))).toContain('Czy polecisz szkolenie współpracownikom?');

		// The participant sees the new question and that the survey is not anonymous.
		const participant = await browser.newPage();
		const path = `/courses/${SURVEY_COURSE.slug}/survey/${SURVEY_COURSE.namedId}`;
		await participant.goto(`/auth/login?returnTo=${encodeURIComponent(path)}`);
		await signInAtIdp(participant, surveyOther.username);
		expect(await participant.getByTestId('named-notice').count()).toBe(1);
		expect(await participant.getByRole('group', { name: /Czy polecisz szkolenie/ }).getByLabel('nie wiem').count()).toBe(1);

		// The trainer corrects the wording, then closes the survey: the participant sees it closed, with no form.
		await trainer.getByRole('link', { name: /^Edytuj.*Czy polecisz szkolenie/ }).click();
		await trainer.getByTestId('edit-form').waitFor();
		await checkA11y(trainer);
		await trainer.getByTestId('edit-form').getByLabel('Treść pytania').fill('Czy polecisz to szkolenie współpracownikom?');
		await trainer.getByTestId('edit-submit').click();
		await trainer.getByTestId('survey-admin-done').waitFor();
		expect(await text(trainer.getByTestId('survey-questions'))).toContain('Czy polecisz to szkolenie współpracownikom?');
		await trainer.getByLabel('Zamknięcie ankiety').fill('2020-01-01T10:00');
		await trainer.getByRole('button', { name: 'Zapisz ustawienia' }).click();
		await trainer.getByText('Ustawienia zapisane.').waitFor();
		await checkA11y(trainer);
		await visit(participant, path);
		expect(await participant.getByTestId('survey-closed').count()).toBe(1);
		expect(await participant.getByTestId('survey-form').count()).toBe(0);
	});
});
