import { questionDefinitionSchema, type QuestionDefinition } from '../../quiz/questions';
import { importMalformed } from './quiz.errors';

/**
 * Moodle XML and GIFT import/export. Parsers are all-or-nothing: they return every
 * question or throw importMalformed (quiz.errors.ts) naming the line and question
 * (details: { format, line, question, reason }; `reason` is one of `importReasons`,
 * translated by `qformat.reason.<reason>`, and `qformat.where` says where).
 *
 * Normalisation on import: choice/answer/pair/item ids are renumbered a, b, c… in file
 * order; texts are trimmed; fractions rounded to 7 decimals; a description (no answers)
 * is skipped. GIFT export leaves out what GIFT cannot say (see toGift); Moodle XML export
 * keeps everything. Details in formats.gift.ts and formats.xml.ts; this file holds what
 * both share: reason codes, validation against the contract, HTML → Markdown.
 */

/** Every reason code the parsers throw (translated by `qformat.reason.<reason>`). */
export const importReasons = [
	'empty_file',
	'syntax',
	'unterminated',
	'unsupported_type',
	'no_correct_answer',
	'too_few_choices',
	'too_many_choices',
	'invalid_fraction',
	'missing_text',
	'invalid_number',
	'text_too_long',
	'invalid_question'
] as const;
export type ImportReason = (typeof importReasons)[number];

/** An imported question; `category` is the Moodle category path or GIFT `$CATEGORY:` in force, if any. */
export interface ImportedQuestion {
	category: string | null;
	definition: QuestionDefinition;
}

export { parseGift, toGift } from './formats.gift';
export { parseMoodleXml, toMoodleXml } from './formats.xml';

export type FormatName = 'gift' | 'xml';

export function fail(format: FormatName, line: number | null, question: string | null, reason: ImportReason): never {
	throw importMalformed({ format, line, question, reason });
}

/** A Moodle category path without its context prefix: "$course$/top/RODO/Podstawy" → "RODO/Podstawy"; top alone → null. */
export function categoryPath(raw: string): string | null {
	const path = raw
		.trim()
		.replace(/^\$(course|system|module|cat\d*)\$\/?/u, '')
		.replace(/^top(\/|$)/u, '')
		.replace(/^\/+|\/+$/gu, '');
	return path === '' ? null : path;
}

/** Rounds a fraction to 7 decimals (0.3333333), keeping the sign. */
export function round7(value: number): number {
	const r = Math.round(value * 1e7) / 1e7;
	return r === 0 ? 0 : r;
}

/** A fraction as Moodle writes a percentage: 100, 50, -100, 33.33333. */
export function percentOf(fraction: number): string {
	return String(Number((fraction * 100).toFixed(5)));
}

/** A question name from its text when the file has none (Moodle does the same). */
export function nameFromText(text: string): string {
	const flat = text.replace(/!\[[^\]]*\]\([^)]*\)/gu, '').replace(/\s+/gu, ' ').trim();
	if (flat.length <= 60) return flat;
	return `${flat.slice(0, 59).trimEnd()}…`;
}

/**
 * Type-level checks the zod schema cannot express (a right answer must exist), then the
 * schema itself. Returns the parsed definition or throws importMalformed with a reason.
 */
export function validateDefinition(format: FormatName, line: number | null, question: string | null, raw: QuestionDefinition): QuestionDefinition {
	const where = (reason: ImportReason) => fail(format, line, question, reason);
	const data = raw.data;
	if (!raw.textMd || raw.textMd.trim() === '') where('missing_text');
	switch (data.type) {
		case 'single':
			if (data.choices.length < 2) where('too_few_choices');
			if (!data.choices.some((c) => c.fraction >= 1)) where('no_correct_answer');
			break;
		case 'multiple':
			if (data.choices.length < 2) where('too_few_choices');
			if (!data.choices.some((c) => c.fraction > 0)) where('no_correct_answer');
			break;
		case 'shortanswer':
		case 'numerical':
			if (data.answers.length === 0 || !data.answers.some((a) => a.fraction >= 1)) where('no_correct_answer');
			break;
		case 'matching':
			if (data.pairs.length < 2) where('too_few_choices');
			break;
		case 'ordering':
			if (data.items.length < 2) where('too_few_choices');
			break;
		default:
			break;
	}
	const result = questionDefinitionSchema.safeParse(raw);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	const path = issue.path.map(String);
	const last = path[path.length - 1] ?? '';
	if (last === 'fraction') where('invalid_fraction');
	if (['value', 'tolerance', 'multiplier', 'defaultMark', 'penalty', 'minWords', 'maxWords'].includes(last)) where('invalid_number');
	if (issue.code === 'too_small' && ['choices', 'pairs', 'items', 'answers'].includes(last)) where('too_few_choices');
	if (issue.code === 'too_big' && ['choices', 'pairs', 'items', 'answers', 'distractors', 'units', 'hints'].includes(last)) where('too_many_choices');
	if (issue.code === 'too_big') where('text_too_long');
	if (issue.code === 'too_small') where('missing_text');
	return where('invalid_question');
}

const namedEntities: Record<string, string> = {
	amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', bdquo: '„', rdquo: '”', ldquo: '“', rsquo: '’', lsquo: '‘', laquo: '«', raquo: '»', deg: '°', copy: '©', reg: '®', sect: '§', middot: '·', times: '×', divide: '÷', plusmn: '±', euro: '€',
	oacute: 'ó', Oacute: 'Ó', aacute: 'á', Aacute: 'Á', eacute: 'é', Eacute: 'É', uuml: 'ü', Uuml: 'Ü', ouml: 'ö', Ouml: 'Ö', auml: 'ä', Auml: 'Ä', szlig: 'ß',
	aogon: 'ą', Aogon: 'Ą', cacute: 'ć', Cacute: 'Ć', eogon: 'ę', Eogon: 'Ę', lstrok: 'ł', Lstrok: 'Ł', nacute: 'ń', Nacute: 'Ń', sacute: 'ś', Sacute: 'Ś', zacute: 'ź', Zacute: 'Ź', zdot: 'ż', Zdot: 'Ż'
};

export function decodeHtmlEntities(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/giu, (whole, name: string) => {
		if (name[0] === '#') {
			const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
			return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
		}
		return namedEntities[name] ?? whole;
	});
}

const attr = (tag: string, name: string): string | null => {
	const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'iu').exec(tag);
	return m ? decodeHtmlEntities(m[2] ?? m[3] ?? m[4] ?? '') : null;
};

/**
 * HTML as Moodle stores it → Markdown text: paragraphs and line breaks kept, bold/italic and
 * links kept, http(s) images as ![alt](src), embedded files (@@PLUGINFILE@@) replaced by a
 * note, every other tag dropped (so no markup from a file ever reaches a page as HTML).
 */
export function htmlToMarkdown(html: string): string {
	// Far beyond any question's size limit: drop the tags in one linear pass instead of converting.
	if (html.length > 200_000) return decodeHtmlEntities(html.replace(/<[^>]*>/gu, ' ')).replace(/[ \t]+/gu, ' ').trim();
	let text = html
		.replace(/\r\n?/gu, '\n')
		.replace(/<!--[\s\S]*?-->/gu, '')
		.replace(/<(script|style|iframe|object|template)\b[\s\S]*?<\/\1\s*>/giu, '')
		.replace(/\s*\n\s*/gu, ' ');
	text = text.replace(/<img\b[^>]*>/giu, (tag) => {
		const src = attr(tag, 'src') ?? '';
		const alt = (attr(tag, 'alt') ?? '').replace(/[[\]]/gu, '');
		if (/^https?:\/\//iu.test(src)) return `![${alt}](${src.replace(/[()\s]/gu, encodeURIComponent)})`;
		if (src.includes('@@PLUGINFILE@@')) {
			const file = decodeURIComponent(src.split('/').pop() ?? '').replace(/[[\]()]/gu, '');
			return `(obraz „${file}” pominięty przy imporcie)`;
		}
		return '';
	});
	text = text.replace(/<a\b[^>]*>([\s\S]*?)<\/a\s*>/giu, (whole, inner: string) => {
		const href = attr(whole, 'href') ?? '';
		return /^(https?:|mailto:)/iu.test(href) ? `[${inner}](${href.replace(/[()\s]/gu, encodeURIComponent)})` : inner;
	});
	text = text
		.replace(/<br\s*\/?>/giu, '\n')
		.replace(/<\/?(strong|b)\b[^>]*>/giu, '**')
		.replace(/<\/?(em|i)\b[^>]*>/giu, '*')
		.replace(/<li\b[^>]*>/giu, '\n- ')
		.replace(/<\/(p|div|h[1-6]|ul|ol|table|blockquote|pre)\s*>/giu, '\n\n')
		.replace(/<(p|div|h[1-6]|ul|ol|table|blockquote|pre)\b[^>]*>/giu, '\n\n')
		.replace(/<\/(li|tr)\s*>/giu, '\n')
		.replace(/<\/(td|th)\s*>/giu, ' ')
		.replace(/<[^>]*>/gu, '')
		.replace(/\*\*\s*\*\*/gu, '');
	text = decodeHtmlEntities(text)
		.replace(/\u00a0/gu, ' ')
		.split('\n')
		.map((line) => line.replace(/[ \t]+/gu, ' ').trim())
		.join('\n')
		.replace(/\n{3,}/gu, '\n\n');
	return text.trim();
}

/** Text of a file in a given Moodle text format, as Markdown. */
export function textFromFormat(text: string, format: string | null | undefined): string {
	const f = (format ?? '').toLowerCase();
	if (f === 'html') return htmlToMarkdown(text);
	if ((f === 'moodle_auto_format' || f === 'moodle') && /<\/?(p|br|div|b|strong|i|em|img|a|ul|ol|li|span|h[1-6])\b[^>]*>/iu.test(text)) return htmlToMarkdown(text);
	return text.replace(/\r\n?/gu, '\n').trim();
}
