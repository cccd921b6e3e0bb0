import type { DataOf, GradeResult, QuestionData, QuestionResponse, ResponseOf } from '../../quiz/questions';

/**
 * Automatic grading of every question type: pure functions, property-tested in
 * grading.test.ts. Never throws: a response of the wrong type for the data counts as
 * unanswered. Fractions are clamped to 0..1 and rounded to 7 decimals.
 */

const unanswered = (): GradeResult => ({ fraction: 0, state: 'unanswered', feedbackIds: [] });

/** Rounds to 7 decimals (so float sums such as 0.1 + 0.2 do not leave 0.30000000000000004) and clamps to 0..1. */
export function roundFraction(value: number): number {
	if (!Number.isFinite(value)) return 0;
	const rounded = Math.round(value * 1e7) / 1e7;
	const clamped = Math.min(1, Math.max(0, rounded));
	return clamped === 0 ? 0 : clamped; // no -0
}

function graded(raw: number, feedbackIds: string[]): GradeResult {
	const fraction = roundFraction(raw);
	const state = fraction >= 1 ? 'correct' : fraction > 0 ? 'partial' : 'incorrect';
	return { fraction, state, feedbackIds };
}

/** Grades one response against one question version's data. A null or empty response is `unanswered` (fraction 0). */
export function gradeResponse(data: QuestionData, response: QuestionResponse | null): GradeResult {
	if (!response || response.type !== data.type || !isAnswered(response)) return unanswered();
	try {
		switch (data.type) {
			case 'single':
				return gradeSingle(data, response as ResponseOf<'single'>);
			case 'multiple':
				return gradeMultiple(data, response as ResponseOf<'multiple'>);
			case 'truefalse':
				return gradeTrueFalse(data, response as ResponseOf<'truefalse'>);
			case 'shortanswer':
				return gradeShortAnswer(data, response as ResponseOf<'shortanswer'>);
			case 'numerical':
				return gradeNumerical(data, response as ResponseOf<'numerical'>);
			case 'matching':
				return gradeMatching(data, response as ResponseOf<'matching'>);
			case 'ordering':
				return gradeOrdering(data, response as ResponseOf<'ordering'>);
			case 'essay':
				return { fraction: null, state: 'needs_grading', feedbackIds: [] };
			default:
				return unanswered();
		}
	} catch {
		// Malformed stored data must never break an attempt page or a submission.
		return unanswered();
	}
}

function gradeSingle(data: DataOf<'single'>, response: ResponseOf<'single'>): GradeResult {
	const choice = data.choices.find((c) => c.id === response.choice);
	if (!choice) return graded(0, []);
	return graded(choice.fraction, [choice.id]);
}

function gradeMultiple(data: DataOf<'multiple'>, response: ResponseOf<'multiple'>): GradeResult {
	const ticked = new Set(response.choices);
	const chosen = data.choices.filter((c) => ticked.has(c.id));
	const feedbackIds = chosen.map((c) => c.id);
	if (data.scoring === 'allOrNothing') {
		const right = data.choices.filter((c) => c.fraction > 0);
		const exact = chosen.length === right.length && right.every((c) => ticked.has(c.id)) && right.length > 0;
		return graded(exact ? 1 : 0, feedbackIds);
	}
	const sum = chosen.reduce((total, c) => total + c.fraction, 0);
	return graded(sum, feedbackIds);
}

function gradeTrueFalse(data: DataOf<'truefalse'>, response: ResponseOf<'truefalse'>): GradeResult {
	const value = response.value as boolean;
	return graded(value === data.correct ? 1 : 0, [value ? 'true' : 'false']);
}

/** Trim, collapse inner whitespace, Unicode NFC (so "ą" typed as a + combining ogonek equals "ą"). */
export function normalizeText(text: string): string {
	return text.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** A matcher for a short-answer pattern: `*` matches any run of characters, everything else is literal. */
export function shortAnswerMatcher(pattern: string, caseSensitive: boolean): (text: string) => boolean {
	const parts = normalizeText(pattern)
		.split('*')
		.map((part) => part.replace(/[\\^$.|?+()[\]{}/]/gu, '\\$&'));
	const regex = new RegExp(`^${parts.join('.*')}$`, caseSensitive ? 'su' : 'siu');
	return (text) => regex.test(normalizeText(text));
}

function gradeShortAnswer(data: DataOf<'shortanswer'>, response: ResponseOf<'shortanswer'>): GradeResult {
	let best: { id: string; fraction: number } | null = null;
	for (const answer of data.answers) {
		if (!shortAnswerMatcher(answer.text, data.caseSensitive)(response.text)) continue;
		if (!best || answer.fraction > best.fraction) best = answer;
	}
	return best ? graded(best.fraction, [best.id]) : graded(0, []);
}

const MINUS = /^[-\u2212\u2013]/u;
const NUMBER = /^([+\-\u2212\u2013]?)[ \u00a0\u202f]*(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)?(?:[.,](\d+))?(?:[eE]([+-]?\d+))?/u;

/**
 * Reads a participant's number: "12,5", "12.5", "1 234,5" (spaces, non-breaking or thin,
 * as thousands separators), "-3", "−3", "1e3", "1,5e-3", optionally followed by a unit.
 * Returns null when there is no number at the start.
 */
export function parseNumberWithUnit(input: string): { value: number; unit: string } | null {
	const text = input.normalize('NFC').trim();
	const match = NUMBER.exec(text);
	if (!match || (match[2] === undefined && match[3] === undefined)) return null;
	const [whole, sign, intPart, fracPart, exponent] = match;
	const digits = (intPart ?? '0').replace(/[ \u00a0\u202f]/gu, '');
	const literal = `${MINUS.test(sign) ? '-' : ''}${digits}${fracPart !== undefined ? `.${fracPart}` : ''}${exponent !== undefined ? `e${exponent}` : ''}`;
	const value = Number(literal);
	if (!Number.isFinite(value)) return null;
	const unit = text.slice(whole.length).trim();
	return { value, unit };
}

function gradeNumerical(data: DataOf<'numerical'>, response: ResponseOf<'numerical'>): GradeResult {
	const parsed = parseNumberWithUnit(response.text);
	if (!parsed) return graded(0, []);
	let value = parsed.value;
	if (parsed.unit === '') {
		if (data.unitRequired && data.units.length > 0) return graded(0, []);
	} else {
		const wanted = normalizeText(parsed.unit);
		const unit =
			data.units.find((u) => normalizeText(u.unit) === wanted) ??
			data.units.find((u) => normalizeText(u.unit).toLocaleLowerCase('pl') === wanted.toLocaleLowerCase('pl'));
		if (!unit) return graded(0, []);
		value = value * unit.multiplier;
	}
	let best: { id: string; fraction: number } | null = null;
	for (const answer of data.answers) {
		if (!withinTolerance(value, answer.value, answer.tolerance)) continue;
		if (!best || answer.fraction > best.fraction) best = answer;
	}
	return best ? graded(best.fraction, [best.id]) : graded(0, []);
}

/** |value − target| ≤ tolerance, allowing for float noise from unit conversion and decimal parsing. */
export function withinTolerance(value: number, target: number, tolerance: number): boolean {
	const slack = 1e-9 * Math.max(1, Math.abs(target), Math.abs(value));
	return Math.abs(value - target) <= tolerance + slack;
}

function gradeMatching(data: DataOf<'matching'>, response: ResponseOf<'matching'>): GradeResult {
	const matches = response.matches;
	let right = 0;
	const feedbackIds: string[] = [];
	for (const pair of data.pairs) {
		const given = Object.prototype.hasOwnProperty.call(matches, pair.id) ? matches[pair.id] : '';
		if (typeof given !== 'string' || given === '') continue;
		feedbackIds.push(pair.id);
		if (normalizeText(given) === normalizeText(pair.answer)) right += 1;
	}
	return graded(right / data.pairs.length, feedbackIds);
}

function gradeOrdering(data: DataOf<'ordering'>, response: ResponseOf<'ordering'>): GradeResult {
	const n = data.items.length;
	let right = 0;
	for (let i = 0; i < n; i += 1) if (response.order[i] === data.items[i].id) right += 1;
	if (data.scoring === 'allOrNothing') return graded(right === n && response.order.length === n ? 1 : 0, []);
	return graded(right / n, []);
}

/** Whether a response counts as answered (for the navigation panel and "unanswered" state). */
export function isAnswered(response: QuestionResponse | null): boolean {
	if (!response || typeof response !== 'object') return false;
	switch (response.type) {
		case 'single':
			return typeof response.choice === 'string' && response.choice !== '';
		case 'multiple':
			return Array.isArray(response.choices) && response.choices.length > 0;
		case 'truefalse':
			return typeof response.value === 'boolean';
		case 'shortanswer':
		case 'numerical':
		case 'essay':
			return typeof response.text === 'string' && response.text.trim() !== '';
		case 'matching':
			return !!response.matches && Object.values(response.matches).some((v) => typeof v === 'string' && v !== '');
		case 'ordering':
			return Array.isArray(response.order) && response.order.length > 0;
		default:
			return false;
	}
}

/** A number as a person writes it: Polish uses a decimal comma. */
export function formatNumber(value: number, locale: 'pl' | 'en'): string {
	const text = String(value);
	return locale === 'pl' ? text.replace('.', ',') : text;
}

/** The right answer in words, for the review page ("Kraków", "Imię i nazwisko; Numer PESEL", "72 h (± 0)", "1. a, 2. b"). */
export function rightAnswerText(data: QuestionData, locale: 'pl' | 'en'): string {
	try {
		switch (data.type) {
			case 'single': {
				const max = Math.max(...data.choices.map((c) => c.fraction));
				return data.choices
					.filter((c) => c.fraction === max && c.fraction > 0)
					.map((c) => c.text)
					.join('; ');
			}
			case 'multiple':
				return data.choices
					.filter((c) => c.fraction > 0)
					.map((c) => c.text)
					.join('; ');
			case 'truefalse':
				if (locale === 'pl') return data.correct ? 'Prawda' : 'Fałsz';
				return data.correct ? 'True' : 'False';
			case 'shortanswer': {
				const max = Math.max(...data.answers.map((a) => a.fraction));
				return data.answers
					.filter((a) => a.fraction === max)
					.map((a) => a.text)
					.join('; ');
			}
			case 'numerical': {
				const best = [...data.answers].sort((a, b) => b.fraction - a.fraction)[0];
				if (!best) return '';
				const base = data.units.find((u) => u.multiplier === 1) ?? null;
				const unit = base ? ` ${base.unit}` : '';
				return `${formatNumber(best.value, locale)}${unit} (± ${formatNumber(best.tolerance, locale)})`;
			}
			case 'matching':
				return data.pairs.map((p) => `${p.prompt} → ${p.answer}`).join('; ');
			case 'ordering':
				return data.items.map((item, i) => `${i + 1}. ${item.text}`).join(', ');
			case 'essay':
				return '';
			default:
				return '';
		}
	} catch {
		return '';
	}
}

/** Interactive behaviour: the mark fraction after `tries` tries (1 = first try), minus `penalty` per extra try, never below 0. */
export function fractionWithPenalty(fraction: number, tries: number, penalty: number): number {
	const extra = Math.max(0, Math.floor(Number.isFinite(tries) ? tries : 1) - 1);
	const p = Number.isFinite(penalty) ? Math.max(0, penalty) : 0;
	return roundFraction(fraction - p * extra);
}
