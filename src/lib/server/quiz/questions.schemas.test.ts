import { describe, expect, it } from 'vitest';
import { sampleQuestions } from '../../../../tests/support/quiz-fixtures';
import type { QuestionDefinition } from '../../quiz/questions';
import { definitionToDraft, draftToDefinition, emptyDraft, formToDraft, parseNumber, type QuestionDraft } from './questions.schemas';

/** The draft as the browser would post it: one flat form. */
function toForm(draft: QuestionDraft, extraBlankRows = 2): FormData {
	const form = new FormData();
	const scalars = ['type', 'name', 'textMd', 'generalFeedbackMd', 'defaultMark', 'penalty', 'scoring', 'correct', 'feedbackTrue', 'feedbackFalse', 'minWords', 'maxWords', 'responseTemplate', 'graderInfo'] as const;
	for (const key of scalars) form.set(key, draft[key]);
	for (const key of ['shuffle', 'caseSensitive', 'unitRequired'] as const) if (draft[key]) form.set(key, 'on');
	const groups = { choices: draft.choices, answers: draft.answers, numbers: draft.numbers, units: draft.units, pairs: draft.pairs, items: draft.items } as unknown as Record<string, Record<string, string>[]>;
	for (const [group, rows] of Object.entries(groups)) {
		const fields = rows[0] ? Object.keys(rows[0]) : [];
		rows.forEach((row, i) => fields.forEach((f) => form.set(`${group}.${i}.${f}`, row[f])));
		for (let i = rows.length; i < rows.length + extraBlankRows && fields.length; i++) fields.forEach((f) => form.set(`${group}.${i}.${f}`, f === 'fraction' ? '0' : ''));
	}
	draft.hints.forEach((h, i) => form.set(`hints.${i}`, h));
	form.set(`hints.${draft.hints.length}`, '');
	draft.distractors.forEach((d, i) => form.set(`distractors.${i}`, d));
	return form;
}

const matching = (): QuestionDefinition => ({
	name: 'Organy',
	textMd: 'Dopasuj organ do zadania.',
	generalFeedbackMd: '',
	defaultMark: 1,
	penalty: 0.3333333,
	hints: [],
	data: { type: 'matching', shuffle: true, distractors: ['Sejm'], pairs: [{ id: 'p1', prompt: 'Wójt', answer: 'Gmina' }, { id: 'p2', prompt: 'Starosta', answer: 'Powiat' }] }
});
const ordering = (): QuestionDefinition => ({
	name: 'Kolejność',
	textMd: 'Ułóż etapy postępowania.',
	generalFeedbackMd: '',
	defaultMark: 1,
	penalty: 0,
	hints: [],
	data: { type: 'ordering', scoring: 'allOrNothing', items: [{ id: 'i1', text: 'Wszczęcie' }, { id: 'i2', text: 'Dowody' }, { id: 'i3', text: 'Decyzja' }] }
});

describe('the question editor form', () => {
	const all = [...Object.values(sampleQuestions).map((make) => make()), matching(), ordering()];

	it.each(all.map((d) => [d.data.type, d] as const))('turns a %s question into a form and back unchanged (blank rows ignored)', (_type, definition) => {
		const result = draftToDefinition(formToDraft(toForm(definitionToDraft(definition))));
		expect(result).toEqual({ ok: true, data: definition });
	});

	it('reads Polish decimal commas and refuses what is not a number', () => {
		expect(parseNumber('12,5')).toBe(12.5);
		expect(parseNumber(' -0.25 ')).toBe(-0.25);
		expect(parseNumber('12,5 cm')).toBeNaN();
		expect(parseNumber('')).toBeNaN();
	});

	it('names each field that needs fixing', () => {
		const draft = { ...emptyDraft('single'), choices: [{ id: '', text: 'Tylko jedna', fraction: '0', feedback: '' }], defaultMark: '0' };
		const result = draftToDefinition(draft);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors).toMatchObject({ name: 'questions.error.nameRequired', textMd: 'questions.error.textRequired', defaultMark: 'questions.error.mark', choices: 'questions.error.choicesMin' });
	});

	it('requires the positive grades of a multiple-choice question to add up to 100%', () => {
		const draft = definitionToDraft(sampleQuestions.multiple());
		draft.choices[1].fraction = '0.25';
		const result = draftToDefinition(draft);
		expect(result.ok ? null : result.errors.choices).toBe('questions.error.multipleSum');
	});

	it('refuses a half-filled matching pair and a word limit below the minimum', () => {
		const m = definitionToDraft(matching());
		m.pairs.push({ id: '', prompt: 'Marszałek', answer: '' });
		expect(draftToDefinition(m)).toMatchObject({ ok: false, errors: { pairs: 'questions.error.pairIncomplete' } });
		const e = { ...definitionToDraft(sampleQuestions.essay()), minWords: '50', maxWords: '10' };
		expect(draftToDefinition(e)).toMatchObject({ ok: false, errors: { maxWords: 'questions.error.wordsOrder' } });
	});

	it('gives new rows ids that do not clash with the ids kept from the previous version', () => {
		const draft = definitionToDraft(sampleQuestions.single());
		draft.choices.push({ id: '', text: 'Poznań', fraction: '0', feedback: '' }, { id: 'a', text: 'Duplikat', fraction: '0', feedback: '' });
		const result = draftToDefinition(draft);
		expect(result.ok).toBe(true);
		if (result.ok && result.data.data.type === 'single') {
			const ids = result.data.data.choices.map((c) => c.id);
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids.slice(0, 3)).toEqual(['a', 'b', 'c']);
		}
	});
});
