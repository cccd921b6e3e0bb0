import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { DataOf, QuestionData, QuestionDefinition } from '../../quiz/questions';
import { categoryPath, fail, type ImportedQuestion, nameFromText, percentOf, round7, textFromFormat, validateDefinition, type ImportReason } from './formats';
import { idAt } from './formats.gift';

/**
 * Moodle XML: https://docs.moodle.org/en/Moodle_XML_format
 *
 * Question types: category, multichoice (single / multiple, partial credit), multichoiceset
 * (all-or-nothing multiple answer plugin), truefalse, shortanswer, numerical (tolerance, units),
 * matching, ordering (qtype_ordering), essay; description is skipped (nothing to grade). Any
 * other type (calculated, multianswer/cloze, ddwtos, …) rejects the whole file naming the
 * question. Texts in html / moodle_auto_format become Markdown text (tags dropped, line
 * breaks kept, http(s) images as ![](src), embedded @@PLUGINFILE@@ images replaced by a note).
 *
 * Units: Moodle's multiplier says how many of the unit make one base unit (kW: 0.001 for a
 * base of W); ours multiplies the response into the base unit (kW: 1000), so import and export
 * invert it (rounded to 12 significant digits). Units are required when Moodle grades them
 * (unitgradingtype ≠ 0).
 */

const arrayPaths = new Set(['quiz.question', 'quiz.question.answer', 'quiz.question.subquestion', 'quiz.question.hint', 'quiz.question.units.unit']);

type Node = Record<string, unknown> | string | number | undefined | null;

const str = (value: unknown): string => {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (typeof value === 'object' && '#text' in (value as Record<string, unknown>)) return str((value as Record<string, unknown>)['#text']);
	return '';
};

const child = (node: Node, key: string): Node => (node && typeof node === 'object' ? ((node as Record<string, unknown>)[key] as Node) : undefined);
const textOf = (node: Node): string => (typeof node === 'object' && node ? str(child(node, 'text')) : str(node));
const formatOf = (node: Node): string | null => {
	const f = child(node, '@_format');
	return typeof f === 'string' ? f : null;
};
/** A `<x format="…"><text>…</text></x>` element as Markdown. */
const richText = (node: Node): string => textFromFormat(textOf(node), formatOf(node));
const flag = (node: Node, fallback: boolean): boolean => {
	const v = str(node).trim().toLowerCase();
	if (v === '') return fallback;
	return v === 'true' || v === '1' || v === 'yes';
};
const list = (node: unknown): Record<string, unknown>[] => (Array.isArray(node) ? node : node === undefined || node === null || node === '' ? [] : [node]) as Record<string, unknown>[];

/** 1-based line of every `<question` start tag, skipping comments and CDATA. */
function questionLines(text: string): number[] {
	const lines: number[] = [];
	const re = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<question(?=[\s>/])/gu;
	let line = 1;
	let last = 0;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (!m[0].startsWith('<question')) continue;
		for (let i = last; i < m.index; i += 1) if (text.charCodeAt(i) === 10) line += 1;
		last = m.index;
		lines.push(line);
	}
	return lines;
}

/** The name of the question whose start tag is at or before `line` (for syntax errors), if it can be read. */
function questionNameAt(text: string, line: number): string | null {
	const starts = questionLines(text);
	let k = -1;
	starts.forEach((start, i) => {
		if (start <= line) k = i;
	});
	if (k === -1) return null;
	const re = /<question(?=[\s>/])/gu;
	let m: RegExpExecArray | null = null;
	for (let i = 0; i <= k; i += 1) m = re.exec(text);
	if (!m) return null;
	const name = /^[^]*?<name>\s*<text>([^<]*)<\/text>/u.exec(text.slice(m.index, m.index + 2000));
	const value = name ? name[1].trim() : '';
	return value === '' ? String(k + 1) : value;
}

const supported = new Set(['multichoice', 'multichoiceset', 'truefalse', 'shortanswer', 'numerical', 'matching', 'ordering', 'essay']);

export function parseMoodleXml(source: string): ImportedQuestion[] {
	const text = source.replace(/^\ufeff/u, '');
	if (text.trim() === '') fail('xml', null, null, 'empty_file');
	// Moodle never writes a DOCTYPE; refusing it keeps entity expansion (billion laughs) out of the parser.
	const doctype = /<!(DOCTYPE|ENTITY)\b/iu.exec(text);
	if (doctype) fail('xml', text.slice(0, doctype.index).split('\n').length, null, 'syntax');
	const valid = XMLValidator.validate(text);
	if (valid !== true) {
		// "Expected closing tag 'x' (opened in line 7, …)": the unclosed tag's line says more than where it was noticed
		const opened = /opened in line (\d+)/u.exec(valid.err.msg ?? '');
		const line = opened ? Number(opened[1]) : (valid.err.line ?? null);
		fail('xml', line, line === null ? null : questionNameAt(text, line), 'syntax');
	}
	const parser = new XMLParser({
		ignoreAttributes: false,
		attributeNamePrefix: '@_',
		processEntities: true,
		htmlEntities: true,
		parseTagValue: false,
		parseAttributeValue: false,
		trimValues: true,
		isArray: (_name: string, jpath: unknown) => arrayPaths.has(String(jpath))
	});
	let doc: Record<string, unknown>;
	try {
		doc = parser.parse(text) as Record<string, unknown>;
	} catch {
		return fail('xml', null, null, 'syntax');
	}
	const quiz = doc.quiz;
	if (quiz === undefined) fail('xml', 1, null, 'syntax');
	const questions = list(child(quiz as Node, 'question'));
	const lines = questionLines(text);
	const out: ImportedQuestion[] = [];
	let category: string | null = null;
	let index = 0;
	questions.forEach((q, i) => {
		const line = lines[i] ?? null;
		const type = str(q['@_type']).trim().toLowerCase();
		if (type === 'category') {
			category = categoryPath(textOf(child(q, 'category')));
			return;
		}
		index += 1;
		const rawName = textOf(child(q, 'name')).trim();
		const label = rawName || String(index);
		const error = (reason: ImportReason): never => fail('xml', line, label, reason);
		if (type === 'description') return;
		if (!supported.has(type)) error('unsupported_type');
		const definition = readQuestion(q, type, rawName, error);
		out.push({ category, definition: validateDefinition('xml', line, label, definition) });
	});
	if (out.length === 0) fail('xml', null, null, 'empty_file');
	return out;
}

function readNumber(raw: string, error: (reason: ImportReason) => never, fallback?: number): number {
	const text = raw.trim().replace(',', '.');
	if (text === '' && fallback !== undefined) return fallback;
	const value = Number(text);
	if (text === '' || !Number.isFinite(value)) return error('invalid_number');
	return value;
}

type Raise = (reason: ImportReason) => never;
type Element = Record<string, unknown>;

function readQuestion(q: Element, type: string, rawName: string, error: Raise): QuestionDefinition {
	const textMd = richText(child(q, 'questiontext'));
	if (textMd === '') error('missing_text');
	return {
		name: rawName || nameFromText(textMd),
		textMd,
		generalFeedbackMd: richText(child(q, 'generalfeedback')),
		defaultMark: readNumber(str(child(q, 'defaultgrade')), error, 1),
		penalty: round7(readNumber(str(child(q, 'penalty')), error, 0.3333333)),
		hints: list(q.hint).map((h) => richText(h as Node)),
		data: readData(q, type, error)
	};
}

function readData(q: Element, type: string, error: Raise): QuestionData {
	switch (type) {
		case 'multichoice':
		case 'multichoiceset':
			return readChoices(q, type, error);
		case 'truefalse':
			return readTrueFalse(q, error);
		case 'shortanswer':
			return readShortAnswer(q, error);
		case 'numerical':
			return readNumerical(q, error);
		case 'matching':
			return readMatching(q, error);
		case 'ordering':
			return readOrdering(q, error);
		case 'essay':
			return readEssay(q, error);
		default:
			return error('unsupported_type');
	}
}

/** Moodle's percentage (100, 50, -100, 33.33333) as a fraction. */
function fractionOf(a: Element, error: Raise): number {
	const raw = str(a['@_fraction']).trim();
	const value = Number(raw === '' ? '0' : raw);
	if (!Number.isFinite(value) || value < -100 || value > 100) return error('invalid_fraction');
	return round7(value / 100);
}

const feedbackOf = (a: Element) => richText(child(a, 'feedback'));

function readChoices(q: Element, type: string, error: Raise): QuestionData {
	const choices = list(q.answer).map((a, i) => ({ id: idAt(i), text: richText(a as Node), fraction: fractionOf(a, error), feedback: feedbackOf(a) }));
	if (choices.some((c) => c.text === '')) error('missing_text');
	const shuffle = flag(child(q, 'shuffleanswers'), true);
	// the all-or-nothing plugin (multichoiceset) marks right answers with any positive fraction
	if (type === 'multichoiceset') return { type: 'multiple', choices, shuffle, scoring: 'allOrNothing' };
	if (flag(child(q, 'single'), true)) return { type: 'single', choices, shuffle };
	return { type: 'multiple', choices, shuffle, scoring: 'partial' };
}

function readTrueFalse(q: Element, error: Raise): QuestionData {
	const answers = list(q.answer);
	const t = answers.find((a) => textOf(a as Node).trim().toLowerCase() === 'true');
	const f = answers.find((a) => textOf(a as Node).trim().toLowerCase() === 'false');
	if (!t && !f) return error('no_correct_answer');
	const correct = t ? fractionOf(t, error) > 0 : !(fractionOf(f!, error) > 0);
	return { type: 'truefalse', correct, feedbackTrue: t ? feedbackOf(t) : '', feedbackFalse: f ? feedbackOf(f) : '' };
}

function readShortAnswer(q: Element, error: Raise): QuestionData {
	const answers = list(q.answer).map((a, i) => ({ id: idAt(i), text: richText(a as Node), fraction: fractionOf(a, error), feedback: feedbackOf(a) }));
	if (answers.some((a) => a.text === '')) error('missing_text');
	if (answers.some((a) => a.fraction < 0)) error('invalid_fraction');
	return { type: 'shortanswer', answers, caseSensitive: flag(child(q, 'usecase'), false) };
}

function readNumerical(q: Element, error: Raise): QuestionData {
	const answers: DataOf<'numerical'>['answers'] = [];
	for (const a of list(q.answer)) {
		const raw = textOf(a as Node).trim();
		if (raw === '*') continue; // Moodle's "any other answer": nothing to grade against
		const fraction = fractionOf(a, error);
		if (fraction < 0) error('invalid_fraction');
		const tolerance = Math.abs(readNumber(str(child(a, 'tolerance')), error, 0));
		answers.push({ id: idAt(answers.length), value: readNumber(raw, error), tolerance, fraction, feedback: feedbackOf(a) });
	}
	const units = list(child(child(q, 'units'), 'unit')).map((u) => {
		const moodle = readNumber(str(u.multiplier), error, 1);
		if (moodle <= 0) error('invalid_number');
		return { unit: str(u.unit_name).trim(), multiplier: Number((1 / moodle).toPrecision(12)) };
	});
	if (units.some((u) => u.unit === '')) error('missing_text');
	const grading = str(child(q, 'unitgradingtype')).trim();
	return { type: 'numerical', answers, units, unitRequired: units.length > 0 && grading !== '' && grading !== '0' };
}

/** A subquestion with an empty prompt is a distractor (an extra wrong answer). */
function readMatching(q: Element, error: Raise): QuestionData {
	const pairs: DataOf<'matching'>['pairs'] = [];
	const distractors: string[] = [];
	for (const sq of list(q.subquestion)) {
		const prompt = richText(sq as Node);
		const answer = textOf(child(sq as Node, 'answer')).trim();
		if (answer === '') {
			if (prompt === '') continue;
			error('missing_text');
		}
		if (prompt === '') distractors.push(answer);
		else pairs.push({ id: idAt(pairs.length), prompt, answer });
	}
	return { type: 'matching', pairs, distractors, shuffle: flag(child(q, 'shuffleanswers'), true) };
}

/** qtype_ordering stores each item's position in `fraction`; other grading types than all-or-nothing count as absolute. */
function readOrdering(q: Element, error: Raise): QuestionData {
	const items = list(q.answer)
		.map((a, i) => ({ text: richText(a as Node), order: Number(str(a['@_fraction'])), i }))
		.sort((x, y) => (Number.isFinite(x.order) && Number.isFinite(y.order) ? x.order - y.order : 0) || x.i - y.i)
		.map((item, i) => ({ id: idAt(i), text: item.text }));
	if (items.some((item) => item.text === '')) error('missing_text');
	const grading = str(child(q, 'gradingtype')).trim().toUpperCase();
	return { type: 'ordering', items, scoring: grading === 'ALL_OR_NOTHING' ? 'allOrNothing' : 'absolute' };
}

function readEssay(q: Element, error: Raise): QuestionData {
	const limit = (key: string) => {
		const raw = str(child(q, key)).trim();
		if (raw === '' || raw === '0') return null;
		const n = Number(raw);
		return Number.isInteger(n) && n > 0 ? n : error('invalid_number');
	};
	return {
		type: 'essay',
		minWords: limit('minwordlimit'),
		maxWords: limit('maxwordlimit'),
		responseTemplate: richText(child(q, 'responsetemplate')),
		graderInfo: richText(child(q, 'graderinfo'))
	};
}

// ---------------------------------------------------------------- export

const esc = (text: string) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
const escAttr = (text: string) => esc(text).replace(/"/gu, '&quot;');
const md = (tag: string, text: string, indent: string) => `${indent}<${tag} format="markdown">\n${indent}  <text>${esc(text)}</text>\n${indent}</${tag}>\n`;
const plainText = (text: string) => `<text>${esc(text)}</text>`;

/**
 * Moodle XML export (Moodle 4.x layout). Texts are written in Moodle's markdown format, so
 * nothing is lost: parse(export(q)) gives q back with ids renumbered a, b, … in order.
 * All-or-nothing multiple answer is written as the multichoiceset plugin's type.
 */
export function toMoodleXml(questions: ImportedQuestion[]): string {
	let out = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n';
	// questions without a category come first without any category line (Moodle puts them in its default category)
	let category: string | null = null;
	questions.forEach(({ category: cat, definition: q }, i) => {
		if (cat !== category) {
			out += `  <question type="category">\n    <category>\n      ${plainText(`$course$/top${cat ? `/${cat}` : ''}`)}\n    </category>\n  </question>\n`;
			category = cat;
		}
		out += `  <!-- question: ${i + 1} -->\n`;
		out += questionXml(q);
	});
	return `${out}</quiz>\n`;
}

function answerXml(fraction: string, text: string, feedback: string | null, extra = ''): string {
	const fb = feedback === null ? '' : `\n      <feedback format="markdown">\n        ${plainText(feedback)}\n      </feedback>`;
	return `    <answer fraction="${escAttr(fraction)}" format="markdown">\n      ${plainText(text)}${fb}${extra}\n    </answer>\n`;
}

function questionXml(q: QuestionDefinition): string {
	const d = q.data;
	const type = d.type === 'single' || (d.type === 'multiple' && d.scoring === 'partial') ? 'multichoice' : d.type === 'multiple' ? 'multichoiceset' : d.type;
	let s = `  <question type="${type}">\n`;
	s += `    <name>\n      ${plainText(q.name)}\n    </name>\n`;
	s += md('questiontext', q.textMd, '    ');
	s += md('generalfeedback', q.generalFeedbackMd, '    ');
	s += `    <defaultgrade>${q.defaultMark}</defaultgrade>\n    <penalty>${q.penalty}</penalty>\n    <hidden>0</hidden>\n    <idnumber></idnumber>\n`;
	switch (d.type) {
		case 'single':
		case 'multiple':
			if (d.type === 'single' || d.scoring === 'partial') s += `    <single>${d.type === 'single'}</single>\n`;
			s += `    <shuffleanswers>${d.shuffle}</shuffleanswers>\n    <answernumbering>abc</answernumbering>\n`;
			s += d.choices.map((c) => answerXml(percentOf(c.fraction), c.text, c.feedback)).join('');
			break;
		case 'truefalse':
			s += answerXml(d.correct ? '100' : '0', 'true', d.feedbackTrue);
			s += answerXml(d.correct ? '0' : '100', 'false', d.feedbackFalse);
			break;
		case 'shortanswer':
			s += `    <usecase>${d.caseSensitive ? 1 : 0}</usecase>\n`;
			s += d.answers.map((a) => answerXml(percentOf(a.fraction), a.text, a.feedback)).join('');
			break;
		case 'numerical':
			s += d.answers.map((a) => answerXml(percentOf(a.fraction), String(a.value), a.feedback, `\n      <tolerance>${a.tolerance}</tolerance>`)).join('');
			if (d.units.length > 0) {
				s += '    <units>\n';
				s += d.units.map((u) => `      <unit>\n        <multiplier>${1 / u.multiplier}</multiplier>\n        <unit_name>${esc(u.unit)}</unit_name>\n      </unit>\n`).join('');
				s += '    </units>\n';
			}
			s += `    <unitgradingtype>${d.unitRequired ? 1 : 0}</unitgradingtype>\n    <unitpenalty>${d.unitRequired ? 1 : 0}</unitpenalty>\n    <showunits>${d.units.length > 0 ? 0 : 3}</showunits>\n    <unitsleft>0</unitsleft>\n`;
			break;
		case 'matching':
			s += `    <shuffleanswers>${d.shuffle}</shuffleanswers>\n`;
			for (const p of d.pairs) s += `    <subquestion format="markdown">\n      ${plainText(p.prompt)}\n      <answer>\n        ${plainText(p.answer)}\n      </answer>\n    </subquestion>\n`;
			for (const x of d.distractors) s += `    <subquestion format="markdown">\n      <text></text>\n      <answer>\n        ${plainText(x)}\n      </answer>\n    </subquestion>\n`;
			break;
		case 'ordering':
			s += `    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <selectcount>0</selectcount>\n    <gradingtype>${d.scoring === 'allOrNothing' ? 'ALL_OR_NOTHING' : 'ABSOLUTE_POSITION'}</gradingtype>\n    <showgrading>SHOW</showgrading>\n    <numberingstyle>none</numberingstyle>\n`;
			s += d.items.map((item, i) => answerXml(String(i + 1), item.text, null)).join('');
			break;
		case 'essay':
			s += `    <responseformat>editor</responseformat>\n    <responserequired>1</responserequired>\n    <responsefieldlines>15</responsefieldlines>\n    <minwordlimit>${d.minWords ?? ''}</minwordlimit>\n    <maxwordlimit>${d.maxWords ?? ''}</maxwordlimit>\n    <attachments>0</attachments>\n    <attachmentsrequired>0</attachmentsrequired>\n`;
			s += md('graderinfo', d.graderInfo, '    ');
			s += md('responsetemplate', d.responseTemplate, '    ');
			break;
	}
	for (const hint of q.hints) s += md('hint', hint, '    ');
	return `${s}  </question>\n`;
}
