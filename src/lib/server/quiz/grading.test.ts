import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DataOf, QuestionData, QuestionResponse } from '../../quiz/questions';
import { questionDataSchema } from '../../quiz/questions';
import { fractionWithPenalty, gradeResponse, isAnswered, parseNumberWithUnit, rightAnswerText } from './grading';

/** Text with Polish letters and regex/GIFT metacharacters on purpose. */
const polishChar = fc.constantFrom(...'aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄCĆEĘŁNŃOÓSŚZŹŻ0123456789.+?()[]{}^$|\\/-~=#:&<>'.split(''));
const word = fc.array(polishChar, { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));
const ids = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));
const fractionIn = (min: number, max: number) => fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((v) => v / 100);

const inUnit = (f: number | null) => f === null || (f >= 0 && f <= 1);

function shuffleWith<T>(items: T[], keys: number[]): T[] {
	return items
		.map((item, i) => ({ item, key: keys[i % keys.length] ?? 0, i }))
		.sort((a, b) => a.key - b.key || a.i - b.i)
		.map((x) => x.item);
}

const singleArb = fc.integer({ min: 2, max: 8 }).chain((n) =>
	fc.record({
		texts: fc.array(word, { minLength: n, maxLength: n }),
		right: fc.integer({ min: 0, max: n - 1 }),
		others: fc.array(fractionIn(-1, 0.9), { minLength: n, maxLength: n })
	}).map(({ texts, right, others }): DataOf<'single'> => ({
		type: 'single',
		shuffle: true,
		choices: ids(n).map((id, i) => ({ id, text: texts[i], fraction: i === right ? 1 : others[i], feedback: '' }))
	}))
);

const multipleArb = fc.integer({ min: 2, max: 8 }).chain((n) =>
	fc.record({
		texts: fc.array(word, { minLength: n, maxLength: n }),
		rightMask: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
		scoring: fc.constantFrom<'partial' | 'allOrNothing'>('partial', 'allOrNothing'),
		wrongFraction: fractionIn(-1, 0)
	}).map(({ texts, rightMask, scoring, wrongFraction }): DataOf<'multiple'> => {
		const mask = rightMask.some(Boolean) ? rightMask : [true, ...rightMask.slice(1)];
		const rightCount = mask.filter(Boolean).length;
		return {
			type: 'multiple',
			shuffle: true,
			scoring,
			choices: ids(n).map((id, i) => ({ id, text: texts[i], fraction: mask[i] ? 1 / rightCount : wrongFraction, feedback: '' }))
		};
	})
);

describe('gradeResponse: properties', () => {
	it('single: fraction in 0..1, the right choice scores 1, any other < 1, choice order irrelevant', () => {
		fc.assert(
			fc.property(singleArb, fc.array(fc.integer(), { minLength: 8, maxLength: 8 }), (data, keys) => {
				expect(questionDataSchema.safeParse(data).success).toBe(true);
				const right = data.choices.find((c) => c.fraction === 1)!;
				expect(gradeResponse(data, { type: 'single', choice: right.id })).toMatchObject({ fraction: 1, state: 'correct', feedbackIds: [right.id] });
				const shuffled = { ...data, choices: shuffleWith(data.choices, keys) };
				for (const c of data.choices) {
					const r: QuestionResponse = { type: 'single', choice: c.id };
					const g = gradeResponse(data, r);
					expect(inUnit(g.fraction)).toBe(true);
					expect(gradeResponse(shuffled, r)).toEqual(g);
					if (c.id !== right.id) expect(g.fraction!).toBeLessThan(1);
				}
			})
		);
	});

	it('multiple: partial never leaves 0..1, the exact right set scores 1, a wrong set < 1, order irrelevant', () => {
		fc.assert(
			fc.property(multipleArb, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.array(fc.integer(), { minLength: 8, maxLength: 8 }), (data, tick, keys) => {
				expect(questionDataSchema.safeParse(data).success).toBe(true);
				const right = data.choices.filter((c) => c.fraction > 0).map((c) => c.id);
				expect(gradeResponse(data, { type: 'multiple', choices: right }).fraction).toBe(1);
				const chosen = data.choices.filter((_, i) => tick[i]).map((c) => c.id);
				const g = gradeResponse(data, { type: 'multiple', choices: chosen });
				expect(inUnit(g.fraction)).toBe(true);
				const shuffled = { ...data, choices: shuffleWith(data.choices, keys) };
				expect(gradeResponse(shuffled, { type: 'multiple', choices: chosen }).fraction).toBe(g.fraction);
				const sameSet = chosen.length === right.length && right.every((id) => chosen.includes(id));
				if (chosen.length === 0) expect(g.state).toBe('unanswered');
				else if (data.scoring === 'allOrNothing') expect(g.fraction).toBe(sameSet ? 1 : 0);
				else {
					// Moodle's rule: the sum of the ticked fractions, clamped; a missed right choice always costs
					const sum = data.choices.filter((c) => chosen.includes(c.id)).reduce((t, c) => t + c.fraction, 0);
					expect(g.fraction).toBeCloseTo(Math.min(1, Math.max(0, sum)), 6);
					if (!right.every((id) => chosen.includes(id))) expect(g.fraction!).toBeLessThan(1);
				}
			})
		);
	});

	it('truefalse: right value 1, wrong value 0, null unanswered', () => {
		fc.assert(
			fc.property(fc.boolean(), (correct) => {
				const data: QuestionData = { type: 'truefalse', correct, feedbackTrue: '', feedbackFalse: '' };
				expect(gradeResponse(data, { type: 'truefalse', value: correct })).toEqual({ fraction: 1, state: 'correct', feedbackIds: [String(correct)] });
				expect(gradeResponse(data, { type: 'truefalse', value: !correct })).toEqual({ fraction: 0, state: 'incorrect', feedbackIds: [String(!correct)] });
				expect(gradeResponse(data, { type: 'truefalse', value: null }).state).toBe('unanswered');
			})
		);
	});

	it('shortanswer: the answer itself, in any case and with extra spaces, scores; metacharacters are literal', () => {
		fc.assert(
			fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), fc.boolean(), (words, caseSensitive) => {
				const text = words.join(' ').replaceAll('*', '');
				const data: QuestionData = { type: 'shortanswer', caseSensitive, answers: [{ id: 'a', text, fraction: 1, feedback: '' }] };
				expect(gradeResponse(data, { type: 'shortanswer', text: `  ${words.join('   ')} ` }).fraction).toBe(1);
				const upper = text.toLocaleUpperCase('pl');
				const g = gradeResponse(data, { type: 'shortanswer', text: upper });
				expect(g.fraction).toBe(caseSensitive && upper !== text ? 0 : 1);
				// a constructed wrong answer: one more character
				expect(gradeResponse(data, { type: 'shortanswer', text: `${text}x` }).fraction).toBe(0);
				expect(gradeResponse(data, { type: 'shortanswer', text: `x${text}` }).fraction).toBe(0);
			})
		);
	});

	it('shortanswer: * matches any run, and only *', () => {
		fc.assert(
			fc.property(word, word, fc.array(polishChar, { maxLength: 10 }), (pre, post, middle) => {
				const a = pre.replaceAll('*', '');
				const b = post.replaceAll('*', '');
				const data: QuestionData = { type: 'shortanswer', caseSensitive: true, answers: [{ id: 'a', text: `${a}*${b}`, fraction: 1, feedback: '' }] };
				const mid = middle.join('').replace(/\s/gu, '');
				expect(gradeResponse(data, { type: 'shortanswer', text: `${a}${mid}${b}` }).fraction).toBe(1);
				expect(gradeResponse(data, { type: 'shortanswer', text: `${a}${b}` }).fraction).toBe(1);
			})
		);
		const dot: QuestionData = { type: 'shortanswer', caseSensitive: false, answers: [{ id: 'a', text: 'a.c', fraction: 1, feedback: '' }] };
		expect(gradeResponse(dot, { type: 'shortanswer', text: 'abc' }).fraction).toBe(0);
		expect(gradeResponse(dot, { type: 'shortanswer', text: 'a.c' }).fraction).toBe(1);
		const q: QuestionData = { type: 'shortanswer', caseSensitive: false, answers: [{ id: 'a', text: 'art. 6 ust. 1 lit. (c)?', fraction: 1, feedback: '' }] };
		expect(gradeResponse(q, { type: 'shortanswer', text: 'Art. 6 ust. 1 lit. (c)?' }).fraction).toBe(1);
		expect(gradeResponse(q, { type: 'shortanswer', text: 'art. 6 ust. 1 lit. c' }).fraction).toBe(0);
	});

	const numericalArb = fc.record({
		value: fc.integer({ min: -100000, max: 100000 }).map((v) => v / 100),
		tolerance: fc.integer({ min: 0, max: 1000 }).map((v) => v / 100)
	});

	it('numerical: every value within tolerance scores, outside does not; comma and dot agree', () => {
		fc.assert(
			fc.property(numericalArb, fc.double({ min: -1, max: 1, noNaN: true }), fc.integer({ min: 1, max: 10000 }), ({ value, tolerance }, t, out) => {
				const data: QuestionData = { type: 'numerical', units: [], unitRequired: false, answers: [{ id: 'a', value, tolerance, fraction: 1, feedback: '' }] };
				const inside = Number((value + t * tolerance).toFixed(6));
				if (Math.abs(inside - value) <= tolerance) {
					expect(gradeResponse(data, { type: 'numerical', text: String(inside) }).fraction).toBe(1);
					expect(gradeResponse(data, { type: 'numerical', text: String(inside).replace('.', ',') }).fraction).toBe(1);
				}
				const outside = value + tolerance + out / 100;
				expect(gradeResponse(data, { type: 'numerical', text: String(outside) }).fraction).toBe(0);
				expect(gradeResponse(data, { type: 'numerical', text: String(value - tolerance - out / 100).replace('.', ',') }).fraction).toBe(0);
			})
		);
	});

	it('numerical: units multiply the value to the base unit', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 100000 }), fc.constantFrom(10, 60, 100, 1000, 0.001, 0.5), (base, multiplier) => {
				const data: QuestionData = {
					type: 'numerical',
					unitRequired: false,
					units: [
						{ unit: 'b', multiplier: 1 },
						{ unit: 'x', multiplier }
					],
					answers: [{ id: 'a', value: base, tolerance: 0, fraction: 1, feedback: '' }]
				};
				const inX = base / multiplier;
				expect(gradeResponse(data, { type: 'numerical', text: `${inX} x` }).fraction).toBe(1);
				expect(gradeResponse(data, { type: 'numerical', text: `${base} b` }).fraction).toBe(1);
				expect(gradeResponse(data, { type: 'numerical', text: `${base}` }).fraction).toBe(1);
				expect(gradeResponse(data, { type: 'numerical', text: `${base} zz` }).fraction).toBe(0);
			})
		);
	});

	const pairsArb = fc.integer({ min: 2, max: 8 }).chain((n) =>
		fc.uniqueArray(word, { minLength: n, maxLength: n }).map((answers): DataOf<'matching'> => ({
			type: 'matching',
			shuffle: true,
			distractors: [],
			pairs: answers.map((answer, i) => ({ id: ids(answers.length)[i], prompt: `Pytanie ${i + 1}`, answer }))
		}))
	);

	it('matching: fraction = correct pairs / pairs', () => {
		fc.assert(
			fc.property(pairsArb, fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (data, rightMask) => {
				const matches: Record<string, string> = {};
				let right = 0;
				data.pairs.forEach((p, i) => {
					if (rightMask[i]) {
						matches[p.id] = p.answer;
						right += 1;
					} else matches[p.id] = data.pairs[(i + 1) % data.pairs.length].answer;
				});
				const g = gradeResponse(data, { type: 'matching', matches });
				expect(g.fraction).toBeCloseTo(right / data.pairs.length, 7);
				expect(inUnit(g.fraction)).toBe(true);
				const all = Object.fromEntries(data.pairs.map((p) => [p.id, p.answer]));
				expect(gradeResponse(data, { type: 'matching', matches: all }).state).toBe('correct');
			})
		);
	});

	it('ordering: absolute = items in place / n; allOrNothing only for the full order', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 2, max: 10 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray(ids(n), { minLength: n, maxLength: n }))),
				fc.constantFrom<'absolute' | 'allOrNothing'>('absolute', 'allOrNothing'),
				([n, order], scoring) => {
					const data: QuestionData = { type: 'ordering', scoring, items: ids(n).map((id) => ({ id, text: `Krok ${id}` })) };
					const inPlace = order.filter((id, i) => id === ids(n)[i]).length;
					const g = gradeResponse(data, { type: 'ordering', order });
					expect(inUnit(g.fraction)).toBe(true);
					if (scoring === 'absolute') expect(g.fraction).toBeCloseTo(inPlace / n, 7);
					else expect(g.fraction).toBe(inPlace === n ? 1 : 0);
					expect(gradeResponse(data, { type: 'ordering', order: ids(n) }).fraction).toBe(1);
				}
			)
		);
	});

	it('essay: null fraction when answered, unanswered when blank', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				const data: QuestionData = { type: 'essay', minWords: null, maxWords: null, responseTemplate: '', graderInfo: '' };
				const g = gradeResponse(data, { type: 'essay', text });
				if (text.trim() === '') expect(g).toEqual({ fraction: 0, state: 'unanswered', feedbackIds: [] });
				else expect(g).toEqual({ fraction: null, state: 'needs_grading', feedbackIds: [] });
			})
		);
	});

	it('any response against any data never throws and stays in 0..1 (or null for essay)', () => {
		const responseArb: fc.Arbitrary<QuestionResponse> = fc.oneof(
			fc.record({ type: fc.constant('single' as const), choice: fc.option(fc.constantFrom('a', 'b', 'z')) }),
			fc.record({ type: fc.constant('multiple' as const), choices: fc.array(fc.constantFrom('a', 'b', 'c', 'z')) }),
			fc.record({ type: fc.constant('truefalse' as const), value: fc.option(fc.boolean()) }),
			fc.record({ type: fc.constant('shortanswer' as const), text: fc.string() }),
			fc.record({ type: fc.constant('numerical' as const), text: fc.string() }),
			fc.record({ type: fc.constant('matching' as const), matches: fc.dictionary(fc.constantFrom('a', 'b'), fc.string()) }),
			fc.record({ type: fc.constant('ordering' as const), order: fc.array(fc.constantFrom('a', 'b', 'c')) }),
			fc.record({ type: fc.constant('essay' as const), text: fc.string() })
		);
		const dataArb: fc.Arbitrary<QuestionData> = fc.oneof(singleArb, multipleArb, pairsArb);
		fc.assert(
			fc.property(dataArb, responseArb, (data, response) => {
				const g = gradeResponse(data, response);
				expect(g.fraction === null ? data.type === 'essay' : g.fraction >= 0 && g.fraction <= 1).toBe(true);
				if (response.type !== data.type) expect(g.state).toBe('unanswered');
			})
		);
	});

	it('fractionWithPenalty is non-increasing in tries and never below 0', () => {
		fc.assert(
			fc.property(fractionIn(0, 1), fractionIn(0, 1), fc.integer({ min: 1, max: 20 }), (f, penalty, tries) => {
				const now = fractionWithPenalty(f, tries, penalty);
				const next = fractionWithPenalty(f, tries + 1, penalty);
				expect(now).toBeGreaterThanOrEqual(0);
				expect(next).toBeLessThanOrEqual(now);
				expect(fractionWithPenalty(f, 1, penalty)).toBe(f);
			})
		);
	});
});

describe('gradeResponse: examples in Polish', () => {
	it('single choice keeps feedback ids and clamps a negative fraction', () => {
		const data: QuestionData = {
			type: 'single',
			shuffle: false,
			choices: [
				{ id: 'a', text: 'Kraków', fraction: 1, feedback: 'Dobrze!' },
				{ id: 'b', text: 'Łódź', fraction: -0.5, feedback: 'Łódź leży w łódzkim.' }
			]
		};
		expect(gradeResponse(data, { type: 'single', choice: 'b' })).toEqual({ fraction: 0, state: 'incorrect', feedbackIds: ['b'] });
		expect(gradeResponse(data, { type: 'single', choice: null }).state).toBe('unanswered');
		expect(gradeResponse(data, null).state).toBe('unanswered');
		expect(rightAnswerText(data, 'pl')).toBe('Kraków');
	});

	it('multiple choice: partial credit with a negative distractor, and all-or-nothing', () => {
		const data: DataOf<'multiple'> = {
			type: 'multiple',
			shuffle: false,
			scoring: 'partial',
			choices: [
				{ id: 'a', text: 'Imię i nazwisko', fraction: 0.5, feedback: '' },
				{ id: 'b', text: 'Numer PESEL', fraction: 0.5, feedback: '' },
				{ id: 'c', text: 'Średnia temperatura w lipcu', fraction: -1, feedback: '' }
			]
		};
		expect(gradeResponse(data, { type: 'multiple', choices: ['a'] })).toEqual({ fraction: 0.5, state: 'partial', feedbackIds: ['a'] });
		expect(gradeResponse(data, { type: 'multiple', choices: ['a', 'c'] }).fraction).toBe(0);
		expect(gradeResponse(data, { type: 'multiple', choices: ['a', 'b', 'c'] }).fraction).toBe(0);
		expect(gradeResponse(data, { type: 'multiple', choices: ['b', 'a'] }).state).toBe('correct');
		const thirds: QuestionData = {
			...data,
			choices: [0, 1, 2].map((i) => ({ id: ids(3)[i], text: `Odp. ${i}`, fraction: 0.3333333, feedback: '' })).concat([{ id: 'd', text: 'Zła', fraction: 0, feedback: '' }])
		};
		expect(gradeResponse(thirds, { type: 'multiple', choices: ['a', 'b', 'c'] }).fraction).toBe(0.9999999);
		const aon: QuestionData = { ...data, scoring: 'allOrNothing' };
		expect(gradeResponse(aon, { type: 'multiple', choices: ['a'] }).fraction).toBe(0);
		expect(gradeResponse(aon, { type: 'multiple', choices: ['a', 'b'] }).fraction).toBe(1);
		expect(rightAnswerText(data, 'pl')).toBe('Imię i nazwisko; Numer PESEL');
	});

	it('short answer keeps Polish diacritics distinct (ą ≠ a) and is case-insensitive by default', () => {
		const data: QuestionData = {
			type: 'shortanswer',
			caseSensitive: false,
			answers: [
				{ id: 'a', text: 'Wojewódzki Sąd Administracyjny', fraction: 1, feedback: '' },
				{ id: 'b', text: 'WSA*', fraction: 0.5, feedback: 'Pełna nazwa byłaby lepsza.' }
			]
		};
		expect(gradeResponse(data, { type: 'shortanswer', text: 'wojewódzki  sąd administracyjny' })).toEqual({ fraction: 1, state: 'correct', feedbackIds: ['a'] });
		expect(gradeResponse(data, { type: 'shortanswer', text: 'WOJEWÓDZKI SĄD ADMINISTRACYJNY' }).fraction).toBe(1);
		expect(gradeResponse(data, { type: 'shortanswer', text: 'Wojewodzki Sad Administracyjny' }).fraction).toBe(0);
		expect(gradeResponse(data, { type: 'shortanswer', text: 'wsa w Krakowie' })).toEqual({ fraction: 0.5, state: 'partial', feedbackIds: ['b'] });
		// decomposed "ą" (a + combining ogonek) equals the composed one
		expect(gradeResponse(data, { type: 'shortanswer', text: 'Wojewódzki Sa\u0328d Administracyjny' }).fraction).toBe(1);
		expect(gradeResponse(data, { type: 'shortanswer', text: '   ' }).state).toBe('unanswered');
		expect(rightAnswerText(data, 'pl')).toBe('Wojewódzki Sąd Administracyjny');
	});

	it('numerical: Polish number forms, units and unitRequired', () => {
		const data: QuestionData = {
			type: 'numerical',
			unitRequired: false,
			units: [
				{ unit: 'h', multiplier: 1 },
				{ unit: 'min', multiplier: 1 / 60 },
				{ unit: 'doby', multiplier: 24 }
			],
			answers: [
				{ id: 'a', value: 72, tolerance: 0, fraction: 1, feedback: 'Tak, 72 godziny.' },
				{ id: 'b', value: 48, tolerance: 1, fraction: 0.5, feedback: '' }
			]
		};
		const g = (text: string) => gradeResponse(data, { type: 'numerical', text });
		expect(g('72')).toEqual({ fraction: 1, state: 'correct', feedbackIds: ['a'] });
		expect(g('72,0 h')).toMatchObject({ fraction: 1 });
		expect(g('4 320 min')).toMatchObject({ fraction: 1 });
		expect(g('4320min')).toMatchObject({ fraction: 1 });
		expect(g('3 doby')).toMatchObject({ fraction: 1 });
		expect(g('47,5')).toEqual({ fraction: 0.5, state: 'partial', feedbackIds: ['b'] });
		expect(g('72 lat')).toMatchObject({ fraction: 0, state: 'incorrect' });
		expect(g('siedemdziesiąt dwie')).toMatchObject({ fraction: 0, state: 'incorrect' });
		expect(gradeResponse({ ...data, unitRequired: true }, { type: 'numerical', text: '72' })).toMatchObject({ fraction: 0, state: 'incorrect' });
		expect(gradeResponse({ ...data, unitRequired: true }, { type: 'numerical', text: '72 h' }).fraction).toBe(1);
		expect(rightAnswerText(data, 'pl')).toBe('72 h (± 0)');
	});

	it('parses number forms', () => {
		expect(parseNumberWithUnit('12,5')).toEqual({ value: 12.5, unit: '' });
		expect(parseNumberWithUnit('12.5 cm')).toEqual({ value: 12.5, unit: 'cm' });
		expect(parseNumberWithUnit('1 234,5')).toEqual({ value: 1234.5, unit: '' });
		expect(parseNumberWithUnit('1\u00a0234\u00a0567 zł')).toEqual({ value: 1234567, unit: 'zł' });
		expect(parseNumberWithUnit('-3')).toEqual({ value: -3, unit: '' });
		expect(parseNumberWithUnit('−3')).toEqual({ value: -3, unit: '' });
		expect(parseNumberWithUnit('1e3')).toEqual({ value: 1000, unit: '' });
		expect(parseNumberWithUnit(',5')).toEqual({ value: 0.5, unit: '' });
		expect(parseNumberWithUnit('abc')).toBeNull();
		expect(parseNumberWithUnit('-')).toBeNull();
	});

	it('matching, ordering and essay', () => {
		const matching: QuestionData = {
			type: 'matching',
			shuffle: true,
			distractors: ['Prezydent miasta'],
			pairs: [
				{ id: 'a', prompt: 'Gmina', answer: 'Wójt' },
				{ id: 'b', prompt: 'Powiat', answer: 'Starosta' },
				{ id: 'c', prompt: 'Województwo', answer: 'Marszałek' }
			]
		};
		expect(gradeResponse(matching, { type: 'matching', matches: { a: 'Wójt', b: 'Marszałek', c: '' } })).toEqual({ fraction: 0.3333333, state: 'partial', feedbackIds: ['a', 'b'] });
		expect(gradeResponse(matching, { type: 'matching', matches: {} }).state).toBe('unanswered');
		expect(rightAnswerText(matching, 'pl')).toBe('Gmina → Wójt; Powiat → Starosta; Województwo → Marszałek');
		const ordering: QuestionData = {
			type: 'ordering',
			scoring: 'absolute',
			items: [
				{ id: 'a', text: 'Wniosek' },
				{ id: 'b', text: 'Decyzja' },
				{ id: 'c', text: 'Odwołanie' }
			]
		};
		expect(gradeResponse(ordering, { type: 'ordering', order: ['b', 'a', 'c'] }).fraction).toBe(0.3333333);
		expect(rightAnswerText(ordering, 'pl')).toBe('1. Wniosek, 2. Decyzja, 3. Odwołanie');
		expect(rightAnswerText({ type: 'essay', minWords: null, maxWords: null, responseTemplate: '', graderInfo: '' }, 'pl')).toBe('');
		expect(rightAnswerText({ type: 'truefalse', correct: false, feedbackTrue: '', feedbackFalse: '' }, 'pl')).toBe('Fałsz');
		expect(rightAnswerText({ type: 'truefalse', correct: false, feedbackTrue: '', feedbackFalse: '' }, 'en')).toBe('False');
	});

	it('isAnswered and a response of the wrong type', () => {
		expect(isAnswered(null)).toBe(false);
		expect(isAnswered({ type: 'essay', text: ' \n ' })).toBe(false);
		expect(isAnswered({ type: 'matching', matches: { a: '' } })).toBe(false);
		expect(isAnswered({ type: 'truefalse', value: false })).toBe(true);
		const tf: QuestionData = { type: 'truefalse', correct: true, feedbackTrue: '', feedbackFalse: '' };
		expect(gradeResponse(tf, { type: 'single', choice: 'a' })).toEqual({ fraction: 0, state: 'unanswered', feedbackIds: [] });
		expect(fractionWithPenalty(1, 3, 0.3333333)).toBe(0.3333334);
		expect(fractionWithPenalty(0.5, 4, 0.3333333)).toBe(0);
	});
});
