import type { qformatPl } from './qformat.pl';

export const qformatEn: Record<keyof typeof qformatPl, string> = {
	'qformat.title': 'Question import and export',
	'qformat.where': 'Line {line}, question “{question}”',
	'qformat.whereLine': 'Line {line}',
	'qformat.whereQuestion': 'Question “{question}”',
	'qformat.nothingImported': 'No question was imported. Correct the file and try again.',
	'qformat.reason.empty_file': 'The file holds no question to import.',
	'qformat.reason.syntax': 'Syntax error in the file: check brackets, tags and special characters (in GIFT put a backslash \\ before ~ = # { } :).',
	'qformat.reason.unterminated': 'The closing brace } of the question is missing.',
	'qformat.reason.unsupported_type': 'Unsupported question type (e.g. calculated, embedded answers/cloze, drag and drop). Remove it from the file or change it to a supported type.',
	'qformat.reason.no_correct_answer': 'The question has no right answer: mark at least one answer as right (100% or a positive weight).',
	'qformat.reason.too_few_choices': 'Too few answers: at least two are needed (or two pairs to match).',
	'qformat.reason.too_many_choices': 'Too many answers in the question (at most 26 answers, 30 pairs or items).',
	'qformat.reason.invalid_fraction': 'Invalid answer weight: give a percentage from -100 to 100 (0 to 100 for short-answer and numerical questions).',
	'qformat.reason.missing_text': 'The question or an answer has no text.',
	'qformat.reason.invalid_number': 'Invalid number (value, tolerance, unit multiplier, mark or word limit).',
	'qformat.reason.text_too_long': 'The text of the question or an answer is too long.',
	'qformat.reason.invalid_question': 'The question is not well formed and cannot be imported.',
	'qformat.orderingNotInGift': 'Ordering questions cannot be written in GIFT: export them to Moodle XML.'
};
