import type { DataOf, QuestionData, QuestionDefinition } from '../../quiz/questions';
import { categoryPath, fail, type ImportedQuestion, htmlToMarkdown, nameFromText, percentOf, round7, validateDefinition, type ImportReason } from './formats';

/**
 * GIFT (Moodle's text format): https://docs.moodle.org/en/GIFT_format
 *
 * Supported: `//` comment lines, `::title::`, `$CATEGORY: path`, `[markdown]` / `[html]` /
 * `[moodle]` / `[plain]` text formats ([html] is turned into Markdown text, tags dropped),
 * multiple choice `{=right ~wrong#feedback}` (single answer when there is an `=`, otherwise
 * multiple answers with `~%50%` weights, Moodle's rule), true/false `{T}` `{TRUE}` `{F}`
 * `{FALSE}` with `#wrong feedback#right feedback`, short answer `{=a =%50%b}`, matching
 * `{=x -> y}` (`= -> z` is a distractor), numerical `{#12.5:0.1}`, `{#1..5}`,
 * `{#=12:0 =%50%11:1}`, essay `{}`, general feedback `####`, escapes `\~ \= \# \{ \} \: \\ \n`,
 * the "missing word" form (text after the answers; the gap is shown as _____).
 *
 * Decisions: a description (text without an answer block) is skipped, as it holds no
 * question; a `{`/`}` problem, an answer that starts with neither `=` nor `~`, or text after
 * a second block is a syntax error. Blank lines end a question, so a missing `}` is reported
 * at the line of its `{`. Errors name the 1-based line and the question title (or its
 * 1-based position when it has no title).
 */

// Escaped characters become private-use placeholders while the structure is parsed.
const escapes: Record<string, string> = { '\\': '\ue000', ':': '\ue001', '#': '\ue002', '=': '\ue003', '{': '\ue004', '}': '\ue005', '~': '\ue006', n: '\ue007' };
const unescapes: Record<string, string> = { '\ue000': '\\', '\ue001': ':', '\ue002': '#', '\ue003': '=', '\ue004': '{', '\ue005': '}', '\ue006': '~', '\ue007': '\n' };

function encode(line: string): string {
	let out = '';
	for (let i = 0; i < line.length; i += 1) {
		const ch = line[i];
		if (ch === '\\' && i + 1 < line.length && escapes[line[i + 1]] !== undefined) {
			out += escapes[line[i + 1]];
			i += 1;
		} else out += ch;
	}
	return out;
}

const decode = (text: string) => text.replace(/[\ue000-\ue007]/gu, (ch) => unescapes[ch]);

interface Block {
	/** encoded lines with their 1-based line numbers */
	lines: { no: number; text: string }[];
}

function splitBlocks(source: string): Block[] {
	const lines = source.replace(/^\ufeff/u, '').replace(/\r\n?/gu, '\n').split('\n');
	const blocks: Block[] = [];
	let current: Block | null = null;
	lines.forEach((raw, i) => {
		const trimmed = raw.trim();
		if (trimmed.startsWith('//')) return; // a comment line neither starts nor ends a question
		if (trimmed === '') {
			current = null;
			return;
		}
		if (!current) {
			current = { lines: [] };
			blocks.push(current);
		}
		current.lines.push({ no: i + 1, text: encode(raw) });
	});
	return blocks;
}

interface Token {
	kind: '=' | '~';
	body: string;
	offset: number;
}

export function parseGift(source: string): ImportedQuestion[] {
	const out: ImportedQuestion[] = [];
	let category: string | null = null;
	let index = 0;
	for (const block of splitBlocks(source)) {
		let lines = block.lines;
		const first = lines[0].text.trim();
		if (first.startsWith('$CATEGORY:')) {
			category = categoryPath(decode(first.slice('$CATEGORY:'.length)));
			lines = lines.slice(1);
			if (lines.length === 0) continue;
		}
		index += 1;
		const parsed = parseQuestion(lines, index);
		if (parsed) out.push({ category, definition: parsed });
	}
	if (out.length === 0) fail('gift', null, null, 'empty_file');
	return out;
}

/** Offset in the joined block → 1-based line of the file. */
function lineMapper(lines: { no: number; text: string }[]): (offset: number) => number {
	const starts: number[] = [];
	let acc = 0;
	for (const l of lines) {
		starts.push(acc);
		acc += l.text.length + 1;
	}
	return (offset) => {
		let k = 0;
		while (k + 1 < starts.length && starts[k + 1] <= offset) k += 1;
		return lines[k].no;
	};
}

/** `::title::` and `[format]` at the start of a question; `pos` is where its text begins. */
function readHead(s: string, error: (offset: number, reason: ImportReason) => never): { title: string | null; format: string; pos: number } {
	let pos = 0;
	let title: string | null = null;
	while (pos < s.length && /\s/u.test(s[pos])) pos += 1;
	if (s.startsWith('::', pos)) {
		const end = s.indexOf('::', pos + 2);
		if (end === -1) error(pos, 'syntax');
		title = decode(s.slice(pos + 2, end)).trim() || null;
		pos = end + 2;
	}
	while (pos < s.length && /\s/u.test(s[pos])) pos += 1;
	const formatMatch = /^\[(html|markdown|moodle|plain)\]/iu.exec(s.slice(pos));
	if (!formatMatch) return { title, format: 'moodle', pos };
	return { title, format: formatMatch[1].toLowerCase(), pos: pos + formatMatch[0].length };
}

function parseQuestion(lines: { no: number; text: string }[], index: number): QuestionDefinition | null {
	const s = lines.map((l) => l.text).join('\n');
	const lineAt = lineMapper(lines);
	let label = String(index);
	const error = (offset: number, reason: ImportReason): never => fail('gift', lineAt(offset), label, reason);
	const { title, format, pos } = readHead(s, error);
	if (title) label = title;
	const open = s.indexOf('{', pos);
	const strayClose = s.indexOf('}', pos);
	if (strayClose !== -1 && (open === -1 || strayClose < open)) error(strayClose, 'syntax');
	if (open === -1) return null; // a description: no answers, nothing to grade
	const close = s.indexOf('}', open + 1);
	const nested = s.indexOf('{', open + 1);
	if (close === -1 || (nested !== -1 && nested < close)) error(open, 'unterminated');
	const after = s.slice(close + 1);
	const extra = after.search(/[{}]/u);
	if (extra !== -1) error(close + 1 + extra, 'syntax');

	const asText = (encoded: string) => {
		const text = decode(encoded).trim();
		return format === 'html' ? htmlToMarkdown(text) : text;
	};
	const before = asText(s.slice(pos, open));
	const tail = asText(after);
	const textMd = tail ? `${before} _____ ${tail}`.trim() : before;
	if (textMd === '') error(pos, 'missing_text');
	const name = title || nameFromText(textMd);
	label = name;

	let answers = s.slice(open + 1, close);
	let generalFeedbackMd = '';
	const gf = answers.indexOf('####');
	if (gf !== -1) {
		generalFeedbackMd = asText(answers.slice(gf + 4));
		answers = answers.slice(0, gf);
	}
	const base = open + 1;
	const data = parseAnswers(answers, base, { error, asText });
	const definition = { name, textMd, generalFeedbackMd, defaultMark: 1, penalty: 0.3333333, hints: [], data } as QuestionDefinition;
	return validateDefinition('gift', lineAt(open), name, definition);
}

type ErrorAt = (offset: number, reason: ImportReason) => never;

function weightOf(body: string, offset: number, error: ErrorAt): { weight: number | null; rest: string } {
	const trimmed = body.trimStart();
	if (!trimmed.startsWith('%')) return { weight: null, rest: body };
	const end = trimmed.indexOf('%', 1);
	if (end === -1) return error(offset, 'invalid_fraction');
	const raw = trimmed.slice(1, end).trim().replace(',', '.');
	const w = Number(raw);
	if (raw === '' || !Number.isFinite(w) || w < -100 || w > 100) return error(offset, 'invalid_fraction');
	return { weight: round7(w / 100), rest: trimmed.slice(end + 1) };
}

function splitFeedback(body: string): [string, string] {
	const i = body.indexOf('#');
	return i === -1 ? [body, ''] : [body.slice(0, i), body.slice(i + 1)];
}

function tokens(content: string, base: number, error: ErrorAt): Token[] {
	const list: Token[] = [];
	for (let i = 0; i < content.length; i += 1) {
		const ch = content[i];
		if (ch === '=' || ch === '~') list.push({ kind: ch, body: '', offset: base + i });
		else if (list.length === 0) {
			if (!/\s/u.test(ch)) error(base + i, 'syntax');
		} else list[list.length - 1].body += ch;
	}
	return list;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/iu;

function readNumber(raw: string, offset: number, error: ErrorAt): number {
	const text = raw.trim();
	if (!NUMBER.test(text)) return error(offset, 'invalid_number');
	const value = Number(text);
	if (!Number.isFinite(value)) return error(offset, 'invalid_number');
	return value;
}

interface AnswerContext {
	error: ErrorAt;
	asText: (encoded: string) => string;
}

/** The answer block (without its general feedback) → question data; the type follows from its form, as in Moodle. */
function parseAnswers(content: string, base: number, ctx: AnswerContext): QuestionData {
	const trimmed = content.trim();
	const lead = base + content.indexOf(trimmed);
	if (trimmed === '') return { type: 'essay', minWords: null, maxWords: null, responseTemplate: '', graderInfo: '' };
	if (trimmed.startsWith('#')) return parseNumerical(trimmed.slice(1), lead + 1, ctx);
	if (/^(T|TRUE|F|FALSE)\s*(#|$)/iu.test(trimmed)) return parseTrueFalse(trimmed, lead, ctx);
	const list = tokens(content, base, ctx.error);
	if (list.length === 0) ctx.error(base, 'syntax');
	if (list.some((t) => t.kind === '~')) return parseChoices(list, ctx);
	if (list.some((t) => t.body.includes('->'))) return parseMatching(list, ctx);
	return parseShortAnswer(list, ctx);
}

function answerText(token: Token, text: string, ctx: AnswerContext): string {
	const value = ctx.asText(text);
	if (value === '') ctx.error(token.offset, 'missing_text');
	return value;
}

function parseNumerical(inner: string, innerBase: number, ctx: AnswerContext): QuestionData {
	const { error } = ctx;
	const list: Token[] = inner.trim().startsWith('=') ? tokens(inner, innerBase, error) : [{ kind: '=', body: inner, offset: innerBase }];
	const answers = list.map((token, i) => {
		if (token.kind !== '=') error(token.offset, 'syntax');
		const { weight, rest } = weightOf(token.body, token.offset, error);
		const [spec, feedback] = splitFeedback(rest);
		const plain = decode(spec).trim();
		let value: number;
		let tolerance = 0;
		if (plain.includes('..')) {
			const [lo, hi] = plain.split('..');
			const min = readNumber(lo, token.offset, error);
			const max = readNumber(hi, token.offset, error);
			if (max < min) error(token.offset, 'invalid_number');
			value = (min + max) / 2;
			tolerance = (max - min) / 2;
		} else {
			const [v, t] = plain.split(':');
			value = readNumber(v, token.offset, error);
			if (t !== undefined) tolerance = Math.abs(readNumber(t, token.offset, error));
		}
		return { id: idAt(i), value, tolerance, fraction: weight ?? 1, feedback: ctx.asText(feedback) };
	});
	if (answers.length === 0) error(innerBase, 'no_correct_answer');
	return { type: 'numerical', answers, units: [], unitRequired: false };
}

/** `{T#wrong feedback#right feedback}`: the first feedback is for the wrong value (Moodle's split_truefalse_comment). */
function parseTrueFalse(trimmed: string, offset: number, ctx: AnswerContext): QuestionData {
	const bits = trimmed.split('#');
	if (bits.length > 3) ctx.error(offset, 'syntax');
	const correct = bits[0].trim().toUpperCase().startsWith('T');
	const wrong = ctx.asText(bits[1] ?? '');
	const right = ctx.asText(bits[2] ?? '');
	return correct ? { type: 'truefalse', correct, feedbackTrue: right, feedbackFalse: wrong } : { type: 'truefalse', correct, feedbackTrue: wrong, feedbackFalse: right };
}

/** With an `=` it is single choice; with only `~` (weighted) answers, multiple choice: Moodle's rule. */
function parseChoices(list: Token[], ctx: AnswerContext): QuestionData {
	const single = list.some((t) => t.kind === '=');
	const choices = list.map((token, i) => {
		const { weight, rest } = weightOf(token.body, token.offset, ctx.error);
		const [text, feedback] = splitFeedback(rest);
		return { id: idAt(i), text: answerText(token, text, ctx), fraction: weight ?? (token.kind === '=' ? 1 : 0), feedback: ctx.asText(feedback) };
	});
	if (choices.length > 26) ctx.error(list[26].offset, 'too_many_choices');
	return single ? { type: 'single', choices, shuffle: true } : { type: 'multiple', choices, shuffle: true, scoring: 'partial' };
}

function parseMatching(list: Token[], ctx: AnswerContext): QuestionData {
	const pairs: DataOf<'matching'>['pairs'] = [];
	const distractors: string[] = [];
	for (const token of list) {
		const arrow = token.body.indexOf('->');
		if (arrow === -1) ctx.error(token.offset, 'syntax');
		const prompt = ctx.asText(token.body.slice(0, arrow));
		const answer = answerText(token, token.body.slice(arrow + 2), ctx);
		if (prompt === '') distractors.push(answer);
		else pairs.push({ id: idAt(pairs.length), prompt, answer });
	}
	return { type: 'matching', pairs, distractors, shuffle: true };
}

function parseShortAnswer(list: Token[], ctx: AnswerContext): QuestionData {
	const answers = list.map((token, i) => {
		const { weight, rest } = weightOf(token.body, token.offset, ctx.error);
		const [text, feedback] = splitFeedback(rest);
		return { id: idAt(i), text: answerText(token, text, ctx), fraction: weight ?? 1, feedback: ctx.asText(feedback) };
	});
	return { type: 'shortanswer', answers, caseSensitive: false };
}

/** Choice ids in file order: a, b, …, z, then a1, b1, … (only 26 choices are allowed anyway). */
export function idAt(i: number): string {
	const letter = String.fromCharCode(97 + (i % 26));
	return i < 26 ? letter : `${letter}${Math.floor(i / 26)}`;
}

// ---------------------------------------------------------------- export

/** Escapes GIFT's special characters; a newline becomes `\n` so every answer stays on its line. */
export function giftEscape(text: string): string {
	return text
		.replace(/\r/gu, '')
		.replace(/[\\~=#{}:]/gu, (ch) => `\\${ch}`)
		.replace(/\n/gu, '\\n');
}

const num = (n: number) => String(n);

function weighted(prefix: '=' | '~', fraction: number, implicit: number, text: string): string {
	const escaped = giftEscape(text);
	if (fraction === implicit && !escaped.startsWith('%')) return `${prefix}${escaped}`;
	return `${prefix}%${percentOf(fraction)}%${escaped}`;
}

const withFeedback = (answer: string, feedback: string) => (feedback ? `${answer}#${giftEscape(feedback)}` : answer);

/**
 * GIFT export. What GIFT cannot say is left out and comes back as the default on import:
 * mark, penalty and hints; shuffle (true); all-or-nothing scoring (partial); case
 * sensitivity (off); units; essay word limits, template and grader information. Ordering
 * questions have no GIFT form: they are written as a comment naming them (use Moodle XML).
 */
export function toGift(questions: ImportedQuestion[]): string {
	const parts: string[] = [];
	// questions without a category come first without any category line (Moodle puts them in its default category)
	let category: string | null = null;
	for (const { category: cat, definition: q } of questions) {
		if (cat !== category) {
			parts.push(`$CATEGORY: $course$/top${cat ? `/${cat.replace(/\r?\n/gu, ' ')}` : ''}`);
			category = cat;
		}
		if (q.data.type === 'ordering') {
			parts.push(`// Pytanie „${q.name.replace(/\s+/gu, ' ')}” (porządkowanie) nie ma zapisu w formacie GIFT: wyeksportuj je do Moodle XML.`);
			continue;
		}
		const head = `::${giftEscape(q.name)}::[markdown]${giftEscape(q.textMd)}`;
		const general = q.generalFeedbackMd ? `\t####${giftEscape(q.generalFeedbackMd)}\n` : '';
		parts.push(`${head} {\n${giftAnswers(q.data)}${general}}`);
	}
	return `${parts.join('\n\n')}\n`;
}

function giftAnswers(data: QuestionDefinition['data']): string {
	const line = (s: string) => `\t${s}\n`;
	switch (data.type) {
		case 'single':
			return data.choices.map((c) => line(withFeedback(c.fraction === 1 ? weighted('=', c.fraction, 1, c.text) : weighted('~', c.fraction, 0, c.text), c.feedback))).join('');
		case 'multiple':
			return data.choices.map((c) => line(withFeedback(weighted('~', c.fraction, 0, c.text), c.feedback))).join('');
		case 'truefalse': {
			const right = data.correct ? data.feedbackTrue : data.feedbackFalse;
			const wrong = data.correct ? data.feedbackFalse : data.feedbackTrue;
			let s = data.correct ? 'TRUE' : 'FALSE';
			if (wrong || right) s += `#${giftEscape(wrong)}`;
			if (right) s += `#${giftEscape(right)}`;
			return line(s);
		}
		case 'shortanswer':
			return data.answers.map((a) => line(withFeedback(weighted('=', a.fraction, 1, a.text), a.feedback))).join('');
		case 'numerical':
			return `\t#\n${data.answers.map((a) => line(withFeedback(`=${a.fraction === 1 ? '' : `%${percentOf(a.fraction)}%`}${num(a.value)}:${num(a.tolerance)}`, a.feedback))).join('')}`;
		case 'matching':
			return [...data.pairs.map((p) => line(`=${giftEscape(p.prompt)} -> ${giftEscape(p.answer)}`)), ...data.distractors.map((d) => line(`= -> ${giftEscape(d)}`))].join('');
		case 'essay':
			return '';
		default:
			return '';
	}
}
