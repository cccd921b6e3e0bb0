import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { questionDefinitionSchema, type QuestionData, type QuestionDefinition } from '../../quiz/questions';
import { qformatPl } from '../../i18n/areas/qformat.pl';
import { qformatEn } from '../../i18n/areas/qformat.en';
import { htmlToMarkdown, importReasons, parseGift, parseMoodleXml, toGift, toMoodleXml, type ImportedQuestion } from './formats';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../tests/fixtures/questions/${name}`, import.meta.url)), 'utf8');

/** The AppError details of a failing parse, or 'ok'. */
function failure(work: () => unknown): { code: string; details: Record<string, unknown> } | 'ok' {
	try {
		work();
		return 'ok';
	} catch (error) {
		const e = error as { code?: string; details?: Record<string, unknown> };
		return { code: e.code ?? String(error), details: e.details ?? {} };
	}
}

describe('Moodle XML import (fixtures)', () => {
	it('reads a Moodle 4.x export: category, every supported type, CDATA html, feedback, hints, units', () => {
		const questions = parseMoodleXml(fixture('moodle-export.xml'));
		expect(questions.map((q) => q.definition.data.type)).toEqual(['single', 'multiple', 'truefalse', 'shortanswer', 'numerical', 'matching', 'ordering', 'essay']);
		expect(new Set(questions.map((q) => q.category))).toEqual(new Set(['Ochrona danych osobowych']));
		for (const q of questions) expect(questionDefinitionSchema.safeParse(q.definition).success).toBe(true);
		const [single, multiple, tf, short, numerical, matching, ordering, essay] = questions.map((q) => q.definition);
		expect(single.name).toBe('Organ nadzorczy');
		expect(single.textMd).toBe('Który organ nadzoruje przestrzeganie **RODO** w Polsce?\n\n(obraz „logo uodo.png” pominięty przy imporcie)');
		expect(single.generalFeedbackMd).toBe('Prezes Urzędu Ochrony Danych Osobowych (UODO).');
		expect(single.hints).toEqual(['Szukaj urzędu, który ma w nazwie „dane osobowe”.']);
		expect(single.data).toMatchObject({ choices: [{ id: 'a', text: 'Prezes UODO', fraction: 1, feedback: 'Tak, to organ nadzorczy.' }, { id: 'b', feedback: 'RPO stoi na straży praw i wolności, ale nie nadzoruje RODO.' }, { id: 'c' }] });
		expect(multiple.defaultMark).toBe(2);
		expect(multiple.textMd).toBe('Które z poniższych są danymi osobowymi?\nZaznacz wszystkie poprawne.');
		expect(multiple.data).toMatchObject({ type: 'multiple', scoring: 'partial', choices: [{ fraction: 0.5 }, { fraction: 0.5 }, { fraction: -1, text: 'Średnia temperatura w lipcu & w sierpniu' }] });
		expect(tf).toMatchObject({ penalty: 1, data: { correct: true, feedbackTrue: 'Zgadza się.', feedbackFalse: 'Niestety nie – to właśnie 25 maja 2018 r.' } });
		expect(short.data).toMatchObject({ caseSensitive: false, answers: [{ text: 'WSA', fraction: 1 }, { text: 'Wojewódzki*', fraction: 0.5 }] });
		// the "*" catch-all answer is dropped; Moodle's multiplier 1/24 for "doby" becomes ×24
		expect(numerical.data).toEqual({
			type: 'numerical',
			answers: [{ id: 'a', value: 72, tolerance: 0, fraction: 1, feedback: 'Tak.' }],
			units: [
				{ unit: 'h', multiplier: 1 },
				{ unit: 'doby', multiplier: 24 }
			],
			unitRequired: false
		});
		expect(matching.data).toMatchObject({ pairs: [{ prompt: 'Gmina', answer: 'Wójt' }, { prompt: 'Powiat' }, { prompt: 'Województwo' }], distractors: ['Wojewoda'] });
		expect(ordering.data).toMatchObject({ scoring: 'absolute', items: [{ id: 'a', text: 'Wszczęcie postępowania' }, { id: 'b', text: 'Postępowanie dowodowe' }, { id: 'c', text: 'Wydanie decyzji' }, { id: 'd', text: 'Doręczenie decyzji' }] });
		expect(essay.textMd).toContain('![Schemat zgłoszenia](https://example.gov.pl/schemat.png)');
		expect(essay.data).toMatchObject({ minWords: 50, maxWords: null, graderInfo: 'Oczekujemy: powiadomienie IOD, ocena ryzyka, zgłoszenie w 72 h.' });
	});

	it('an unclosed tag: syntax error at the line the tag was opened, naming its question', () => {
		expect(failure(() => parseMoodleXml(fixture('broken-syntax.xml')))).toEqual({
			code: 'questions.import_malformed',
			details: { format: 'xml', line: 7, question: 'Data RODO', reason: 'syntax' }
		});
	});

	it('a calculated question among valid ones: nothing imported, the question and its line named', () => {
		expect(failure(() => parseMoodleXml(fixture('unsupported.xml')))).toEqual({
			code: 'questions.import_malformed',
			details: { format: 'xml', line: 22, question: 'Podatek od nieruchomości', reason: 'unsupported_type' }
		});
	});

	it('rejects other malformed files with a reason', () => {
		const wrap = (body: string) => `<?xml version="1.0"?>\n<quiz>\n${body}\n</quiz>`;
		const reason = (xml: string) => {
			const f = failure(() => parseMoodleXml(xml));
			return f === 'ok' ? 'ok' : f.details;
		};
		expect(reason('')).toMatchObject({ reason: 'empty_file' });
		expect(reason(wrap(''))).toMatchObject({ reason: 'empty_file' });
		expect(reason('to nie jest XML')).toMatchObject({ reason: 'syntax' });
		expect(reason(wrap('<question type="multichoice"><name><text>Bez dobrej</text></name><questiontext format="html"><text>Pytanie?</text></questiontext><single>true</single><answer fraction="0"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>'))).toEqual({ format: 'xml', line: 3, question: 'Bez dobrej', reason: 'no_correct_answer' });
		expect(reason(wrap('<question type="multichoice"><name><text>Jedna</text></name><questiontext format="html"><text>Pytanie?</text></questiontext><answer fraction="100"><text>a</text></answer></question>'))).toMatchObject({ reason: 'too_few_choices' });
		expect(reason(wrap('<question type="multichoice"><name><text>Waga</text></name><questiontext format="html"><text>P?</text></questiontext><answer fraction="150"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>'))).toMatchObject({ reason: 'invalid_fraction' });
		expect(reason(wrap('<question type="numerical"><name><text>Liczba</text></name><questiontext format="html"><text>P?</text></questiontext><answer fraction="100"><text>dwanaście</text></answer></question>'))).toMatchObject({ reason: 'invalid_number' });
		expect(reason(wrap('<question type="truefalse"><name><text>Pusta</text></name><questiontext format="html"><text><![CDATA[<p></p>]]></text></questiontext><answer fraction="100"><text>true</text></answer></question>'))).toMatchObject({ reason: 'missing_text' });
		expect(reason('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaa">]>\n<quiz></quiz>')).toMatchObject({ reason: 'syntax', line: 2 });
		expect(reason(wrap('<question type="multianswer"><name><text>Cloze</text></name><questiontext format="html"><text>{1:SHORTANSWER:=a}</text></questiontext></question>'))).toMatchObject({ reason: 'unsupported_type', question: 'Cloze' });
	});
});

describe('GIFT import (fixtures)', () => {
	it('reads a bank with categories, comments, escapes and every GIFT type', () => {
		const questions = parseGift(fixture('bank.gift'));
		const byName = Object.fromEntries(questions.map((q) => [q.definition.name, q]));
		expect(questions).toHaveLength(12);
		expect(byName['Organ nadzorczy'].category).toBe('RODO/Podstawy');
		expect(byName['Zgłoszenie naruszenia'].category).toBe('RODO/Praktyka');
		expect(byName['Organ nadzorczy'].definition).toMatchObject({ generalFeedbackMd: 'Prezes Urzędu Ochrony Danych Osobowych.', data: { type: 'single', choices: [{ id: 'a', text: 'Prezes UODO', fraction: 1, feedback: 'Tak, to organ nadzorczy.' }, { id: 'b', fraction: 0 }, { id: 'c', feedback: '' }] } });
		expect(byName['Dane osobowe'].definition).toMatchObject({ textMd: 'Które z poniższych są **danymi osobowymi**?', data: { type: 'multiple', scoring: 'partial', choices: [{ fraction: 0.5 }, { fraction: 0.5 }, { fraction: -1, feedback: 'To nie dotyczy osoby.' }] } });
		expect(byName['Data RODO'].definition.data).toEqual({ type: 'truefalse', correct: true, feedbackTrue: 'Zgadza się.', feedbackFalse: 'Niestety nie – to właśnie ta data.' });
		expect(byName['Jawność'].definition.data).toMatchObject({ type: 'truefalse', correct: false });
		expect(byName['Skrót sądu'].definition.data).toMatchObject({ type: 'shortanswer', answers: [{ text: 'WSA', fraction: 1, feedback: 'Dobrze.' }, { text: 'Wojewódzki*', fraction: 0.5 }] });
		expect(byName['Termin zgłoszenia'].definition.data).toMatchObject({ type: 'numerical', answers: [{ value: 72, tolerance: 0, fraction: 1 }, { value: 48, tolerance: 24, fraction: 0.5 }] });
		expect(byName['Stawka VAT'].definition.data).toMatchObject({ answers: [{ value: 23, tolerance: 0.5 }] });
		expect(byName['Przedział'].definition.data).toMatchObject({ answers: [{ value: 3, tolerance: 2 }] });
		expect(byName['Organy samorządu'].definition.data).toMatchObject({ type: 'matching', pairs: [{ prompt: 'Gmina', answer: 'Wójt' }, {}, {}], distractors: ['Wojewoda'] });
		expect(byName['Znaki specjalne'].definition).toMatchObject({ textMd: 'Jak zapisać w GIFT znaki { } ~ = # i : w tekście?', data: { answers: [{ text: 'Poprzedzić je ukośnikiem \\' }] } });
		expect(byName['Luka'].definition.textMd).toBe('Decyzję administracyjną wydaje się _____ z uzasadnieniem.');
		expect(byName['Zgłoszenie naruszenia'].definition).toMatchObject({ textMd: 'Opisz krok po kroku, jak zgłosisz naruszenie ochrony danych **w swoim urzędzie**.', data: { type: 'essay' } });
	});

	it('a missing } names the line of its { and the question title; nothing imported', () => {
		expect(failure(() => parseGift(fixture('unterminated.gift')))).toEqual({
			code: 'questions.import_malformed',
			details: { format: 'gift', line: 5, question: 'Termin odwołania', reason: 'unterminated' }
		});
	});

	it('a question without a right answer is refused, naming it', () => {
		expect(failure(() => parseGift(fixture('no-right-answer.gift')))).toEqual({
			code: 'questions.import_malformed',
			details: { format: 'gift', line: 5, question: 'Organ odwoławczy', reason: 'no_correct_answer' }
		});
	});

	it('rejects other malformed GIFT with a reason, line and question', () => {
		const details = (gift: string) => {
			const f = failure(() => parseGift(gift));
			return f === 'ok' ? 'ok' : f.details;
		};
		expect(details('')).toMatchObject({ reason: 'empty_file' });
		expect(details('// tylko komentarz\n\nSam opis bez odpowiedzi.')).toMatchObject({ reason: 'empty_file' });
		expect(details('::A::Pytanie {=tak}\n\n::B::Drugie } {=x}')).toEqual({ format: 'gift', line: 3, question: 'B', reason: 'syntax' });
		expect(details('::A::Pytanie {=tak} i {=nie}')).toMatchObject({ reason: 'syntax', question: 'A' });
		expect(details('::A::Pytanie {tak}')).toMatchObject({ reason: 'syntax' });
		expect(details('::Waga::P {~%abc%x =y}')).toMatchObject({ reason: 'invalid_fraction', question: 'Waga' });
		expect(details('::Waga::P {~%150%x =y}')).toMatchObject({ reason: 'invalid_fraction' });
		expect(details('::Liczba::P {#dwanaście}')).toMatchObject({ reason: 'invalid_number', line: 1 });
		expect(details('::Jedna::P {=tylko ta}\n\n::Mało::P {=a -> b}')).toEqual({ format: 'gift', line: 3, question: 'Mało', reason: 'too_few_choices' });
		expect(details('::Pusta::P {=a ~}')).toMatchObject({ reason: 'missing_text' });
		expect(details('::Tytuł bez końca Pytanie {=a}')).toMatchObject({ reason: 'syntax' });
		expect(details('Pytanie bez tytułu {~a ~b}')).toMatchObject({ reason: 'no_correct_answer', question: 'Pytanie bez tytułu' });
	});

	it('html text becomes Markdown text without tags', () => {
		expect(htmlToMarkdown('<p>Ala <b>ma</b> kota</p><p>i <a href="https://gov.pl">psa</a><script>alert(1)</script></p>')).toBe('Ala **ma** kota\n\ni [psa](https://gov.pl)');
		expect(htmlToMarkdown('<img src="javascript:alert(1)" onerror="x">Tekst &amp; &oacute;&#322;')).toBe('Tekst & ół');
	});
});

// ---------------------------------------------------------------- round trips

const chars = fc.constantFrom(...'aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄĆĘŁŃÓŚŹŻ019 ~=#{}:&<>%\\"\'[]*-.,!?;'.split(''));
const text = (max: number) =>
	fc
		.array(fc.oneof({ weight: 20, arbitrary: chars }, { weight: 1, arbitrary: fc.constant('\n') }), { minLength: 1, maxLength: max })
		.map((cs) => cs.join('').trim().replace(/->/gu, '-'))
		.filter((s) => s.length > 0);
const line = (max: number) => text(max).map((s) => s.replace(/\s+/gu, ' ').trim()).filter((s) => s.length > 0);
const optionalText = fc.oneof(fc.constant(''), text(30));
const ids = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));
const pick = <T>(...values: T[]) => fc.constantFrom(...values);

const singleData = fc.integer({ min: 2, max: 5 }).chain((n) =>
	fc.tuple(fc.array(text(20), { minLength: n, maxLength: n }), fc.array(pick(0, 0.5, -0.5, 0.3333333, -1, 0.1), { minLength: n, maxLength: n }), fc.array(optionalText, { minLength: n, maxLength: n }), fc.integer({ min: 0, max: n - 1 }), fc.boolean()).map(
		([texts, fractions, feedbacks, right, shuffle]): QuestionData => ({
			type: 'single',
			shuffle,
			choices: ids(n).map((id, i) => ({ id, text: texts[i], fraction: i === right ? 1 : fractions[i], feedback: feedbacks[i] }))
		})
	)
);
const multipleData = fc.integer({ min: 2, max: 5 }).chain((n) =>
	fc.tuple(fc.array(text(20), { minLength: n, maxLength: n }), fc.array(pick(0, 0.5, -1, 0.3333333, 1, -0.25), { minLength: n, maxLength: n }), fc.array(optionalText, { minLength: n, maxLength: n }), fc.boolean(), pick<'partial' | 'allOrNothing'>('partial', 'allOrNothing')).map(
		([texts, fractions, feedbacks, shuffle, scoring]): QuestionData => ({
			type: 'multiple',
			shuffle,
			scoring,
			choices: ids(n).map((id, i) => ({ id, text: texts[i], fraction: i === 0 ? 0.5 : fractions[i], feedback: feedbacks[i] }))
		})
	)
);
const trueFalseData = fc.record({ type: fc.constant('truefalse' as const), correct: fc.boolean(), feedbackTrue: optionalText, feedbackFalse: optionalText });
const shortData = fc.integer({ min: 1, max: 4 }).chain((n) =>
	fc.tuple(fc.array(text(20), { minLength: n, maxLength: n }), fc.array(pick(0, 0.5, 1, 0.3333333), { minLength: n, maxLength: n }), fc.array(optionalText, { minLength: n, maxLength: n }), fc.boolean()).map(
		([texts, fractions, feedbacks, caseSensitive]): QuestionData => ({
			type: 'shortanswer',
			caseSensitive,
			answers: ids(n).map((id, i) => ({ id, text: texts[i], fraction: i === 0 ? 1 : fractions[i], feedback: feedbacks[i] }))
		})
	)
);
const numericalData = fc.integer({ min: 1, max: 3 }).chain((n) =>
	fc
		.tuple(
			fc.array(fc.oneof(fc.integer({ min: -100000, max: 100000 }).map((v) => v / 100), pick(1e21, 1.5e-7, 0)), { minLength: n, maxLength: n }),
			fc.array(fc.integer({ min: 0, max: 1000 }).map((v) => v / 100), { minLength: n, maxLength: n }),
			fc.array(pick(1, 0.5, 0.3333333, 0), { minLength: n, maxLength: n }),
			fc.array(optionalText, { minLength: n, maxLength: n }),
			fc.subarray([
				{ unit: 'min', multiplier: 60 },
				{ unit: 'kW', multiplier: 1000 },
				{ unit: 'cal', multiplier: 2.54 },
				{ unit: 'g', multiplier: 0.001 },
				{ unit: 'zł/m²', multiplier: 0.5 }
			]),
			fc.boolean()
		)
		.map(
			([values, tolerances, fractions, feedbacks, more, unitRequired]): QuestionData => ({
				type: 'numerical',
				answers: ids(n).map((id, i) => ({ id, value: values[i], tolerance: tolerances[i], fraction: i === 0 ? 1 : fractions[i], feedback: feedbacks[i] })),
				units: more.length > 0 ? [{ unit: 'h', multiplier: 1 }, ...more] : [],
				unitRequired: more.length > 0 && unitRequired
			})
		)
);
const matchingData = fc.integer({ min: 2, max: 4 }).chain((n) =>
	fc.tuple(fc.array(text(20), { minLength: n, maxLength: n }), fc.array(text(20), { minLength: n, maxLength: n }), fc.array(text(20), { maxLength: 2 }), fc.boolean()).map(
		([prompts, answers, distractors, shuffle]): QuestionData => ({
			type: 'matching',
			shuffle,
			distractors,
			pairs: ids(n).map((id, i) => ({ id, prompt: prompts[i], answer: answers[i] }))
		})
	)
);
const orderingData = fc.integer({ min: 2, max: 5 }).chain((n) =>
	fc.tuple(fc.array(text(20), { minLength: n, maxLength: n }), pick<'absolute' | 'allOrNothing'>('absolute', 'allOrNothing')).map(([texts, scoring]): QuestionData => ({ type: 'ordering', scoring, items: ids(n).map((id, i) => ({ id, text: texts[i] })) }))
);
const essayData = fc.record({
	type: fc.constant('essay' as const),
	minWords: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
	maxWords: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: null }),
	responseTemplate: optionalText,
	graderInfo: optionalText
});

const definition = (data: fc.Arbitrary<QuestionData>): fc.Arbitrary<QuestionDefinition> =>
	fc.record({
		name: line(30),
		textMd: text(60),
		generalFeedbackMd: optionalText,
		defaultMark: pick(1, 2, 0.5, 10),
		penalty: pick(0, 0.3333333, 0.1, 1),
		hints: fc.array(optionalText, { maxLength: 2 }),
		data
	});
const allTypes = fc.oneof(singleData, multipleData, trueFalseData, shortData, numericalData, matchingData, orderingData, essayData);
const category = pick<string | null>(null, 'RODO', 'RODO/Podstawy', 'Zażółć gęślą jaźń');
const bank = (data: fc.Arbitrary<QuestionData>) => fc.array(fc.record({ category, definition: definition(data) }), { minLength: 1, maxLength: 4 });

/** What GIFT can say: the rest comes back as defaults (documented on toGift). */
function giftNormal(q: ImportedQuestion): ImportedQuestion {
	const d = q.definition.data;
	let data: QuestionData = d;
	if (d.type === 'single') data = { ...d, shuffle: true };
	if (d.type === 'multiple') data = { ...d, shuffle: true, scoring: 'partial' };
	if (d.type === 'shortanswer') data = { ...d, caseSensitive: false };
	if (d.type === 'numerical') data = { ...d, units: [], unitRequired: false };
	if (d.type === 'matching') data = { ...d, shuffle: true };
	if (d.type === 'essay') data = { type: 'essay', minWords: null, maxWords: null, responseTemplate: '', graderInfo: '' };
	return { category: q.category, definition: { ...q.definition, defaultMark: 1, penalty: 0.3333333, hints: [], data } };
}

describe('round trips', () => {
	it('Moodle XML: parse(export(q)) equals q for every type', () => {
		fc.assert(
			fc.property(bank(allTypes), (questions) => {
				for (const q of questions) expect(questionDefinitionSchema.safeParse(q.definition).success).toBe(true);
				expect(parseMoodleXml(toMoodleXml(questions))).toEqual(questions);
			}),
			{ numRuns: 200 }
		);
	});

	it('GIFT: parse(export(q)) equals q within what GIFT can say; ordering is left out with a comment', () => {
		const giftTypes = fc.oneof(singleData, multipleData, trueFalseData, shortData, numericalData, matchingData, essayData);
		fc.assert(
			fc.property(bank(giftTypes), (questions) => {
				expect(parseGift(toGift(questions))).toEqual(questions.map(giftNormal));
			}),
			{ numRuns: 200 }
		);
		const ordering: ImportedQuestion = { category: null, definition: { name: 'Kolejność', textMd: 'Ułóż', generalFeedbackMd: '', defaultMark: 1, penalty: 0, hints: [], data: { type: 'ordering', scoring: 'absolute', items: [{ id: 'a', text: 'x' }, { id: 'b', text: 'y' }] } } };
		const single: ImportedQuestion = { category: null, definition: { name: 'Tak', textMd: 'Czy?', generalFeedbackMd: '', defaultMark: 1, penalty: 0.3333333, hints: [], data: { type: 'truefalse', correct: true, feedbackTrue: '', feedbackFalse: '' } } };
		const gift = toGift([ordering, single]);
		expect(gift).toContain('// Pytanie „Kolejność”');
		expect(parseGift(gift)).toEqual([single]);
	});
});

describe('damaged files', () => {
	const outcome = (work: () => unknown) => {
		const f = failure(work);
		if (f === 'ok') return;
		expect(f.code).toBe('questions.import_malformed');
		expect(importReasons).toContain(f.details.reason);
	};

	it('any cut or junk inside a real file gives a result or a coded error, never a crash', () => {
		const files = { gift: fixture('bank.gift'), xml: fixture('moodle-export.xml') };
		fc.assert(
			fc.property(fc.constantFrom<'gift' | 'xml'>('gift', 'xml'), fc.nat(), fc.nat({ max: 200 }), fc.string({ maxLength: 20 }), (format, at, length, junk) => {
				const source = files[format];
				const start = at % source.length;
				const damaged = source.slice(0, start) + junk + source.slice(start + length);
				outcome(() => (format === 'gift' ? parseGift(damaged) : parseMoodleXml(damaged)));
			}),
			{ numRuns: 300 }
		);
		fc.assert(
			fc.property(fc.string({ maxLength: 200 }), (junk) => {
				outcome(() => parseGift(junk));
				outcome(() => parseMoodleXml(junk));
			})
		);
	});
});

describe('qformat messages', () => {
	it('the place of an error reads in both languages', () => {
		expect(qformatPl['qformat.where']).toContain('{line}');
		expect(qformatPl['qformat.where']).toContain('{question}');
		expect(qformatEn['qformat.where']).toContain('{line}');
		expect(qformatEn['qformat.where']).toContain('{question}');
	});

	it('every reason code has a Polish and an English message', () => {
		for (const reason of importReasons) {
			expect(qformatPl).toHaveProperty([`qformat.reason.${reason}`]);
			expect(qformatEn).toHaveProperty([`qformat.reason.${reason}`]);
		}
	});
});
