import type { QuestionData, QuestionResponse } from '../../quiz/questions';
import type { QuestionFeedbackView, QuestionForDisplay, QuestionStateView } from '../../types/quiz';
import type { Locale } from '../../i18n/index';
import { renderMarkdown } from '../platform/markdown';
import { gradeResponse, isAnswered, rightAnswerText } from './grading';
import { matchingAnswers } from './attempts.layout';
import type { Shows } from './attempts.review';

/**
 * QuestionForDisplay from a question version, its order in the attempt and the saved response.
 * Answer keys (fractions, right answers, pairings, the right order) never leave the server
 * unless `shows` allows that part now.
 */

export interface DisplayVersion {
	textMd: string;
	generalFeedbackMd: string;
	hints: string[];
	penalty: number;
	data: QuestionData;
}

export interface DisplayQuestion {
	slot: number;
	page: number;
	maxMark: number;
	order: string[];
	response: QuestionResponse | null;
	responseSeq: number;
	tries: number;
	fraction: number | null;
	mark: number | null;
	state: 'unanswered' | 'correct' | 'partial' | 'incorrect' | 'needs_grading' | 'graded';
	comment: string;
}

/** Items in the attempt's order; anything the order does not name (a version without order) keeps its own place. */
function inOrder<T>(items: T[], key: (item: T) => string, order: string[]): T[] {
	if (order.length === 0) return items;
	const byKey = new Map(items.map((i) => [key(i), i]));
	const listed = order.flatMap((k) => (byKey.has(k) ? [byKey.get(k)!] : []));
	const rest = items.filter((i) => !order.includes(key(i)));
	return [...listed, ...rest];
}

function safeAnswered(response: QuestionResponse | null): boolean {
	try {
		return isAnswered(response);
	} catch {
		return response !== null;
	}
}

export function isResponseAnswered(response: QuestionResponse | null): boolean {
	return safeAnswered(response);
}

/** Specific feedback texts of the answers the grading says apply. */
function specificFeedback(data: QuestionData, ids: string[]): string[] {
	const texts: string[] = [];
	switch (data.type) {
		case 'single':
		case 'multiple':
			for (const c of data.choices) if (ids.includes(c.id) && c.feedback) texts.push(c.feedback);
			break;
		case 'shortanswer':
		case 'numerical':
			for (const a of data.answers) if (ids.includes(a.id) && a.feedback) texts.push(a.feedback);
			break;
		case 'truefalse':
			if (ids.includes('true') && data.feedbackTrue) texts.push(data.feedbackTrue);
			if (ids.includes('false') && data.feedbackFalse) texts.push(data.feedbackFalse);
			break;
		default:
			break;
	}
	return texts.map((t) => renderMarkdown(t));
}

export function stateView(q: Pick<DisplayQuestion, 'state' | 'response'>): QuestionStateView {
	if (q.state === 'unanswered') return safeAnswered(q.response) ? 'answered' : 'unanswered';
	return q.state;
}

/**
 * One question for a page. `graded`: the stored state/fraction are final or checked (after
 * submission, or after "Check" in immediate/interactive behaviour); feedback appears only then,
 * and only the parts `shows` allows.
 */
export function questionForDisplay(input: {
	version: DisplayVersion;
	question: DisplayQuestion;
	shows: Shows;
	graded: boolean;
	locale: Locale;
	interactive?: { maxTries: number } | null;
}): QuestionForDisplay {
	const { version, question: q, shows, locale } = input;
	const data = version.data;
	const view: QuestionForDisplay = {
		slot: q.slot,
		page: q.page,
		number: q.slot + 1,
		type: data.type,
		textHtml: renderMarkdown(version.textMd),
		maxMark: q.maxMark,
		response: q.response,
		responseSeq: q.responseSeq
	};
	switch (data.type) {
		case 'single':
		case 'multiple':
			view.choices = inOrder(data.choices, (c) => c.id, q.order).map((c) => ({ id: c.id, html: renderMarkdown(c.text) }));
			break;
		case 'matching':
			view.matching = {
				prompts: data.pairs.map((p) => ({ id: p.id, html: renderMarkdown(p.prompt) })),
				answers: q.order.length ? q.order : matchingAnswers(data).sort((a, b) => a.localeCompare(b, 'pl'))
			};
			break;
		case 'ordering': {
			const items = inOrder(data.items, (i) => i.id, q.order);
			view.ordering = items.map((i) => ({ id: i.id, text: i.text }));
			break;
		}
		case 'numerical':
			view.units = data.units.map((u) => u.unit);
			break;
		case 'essay':
			view.essay = { minWords: data.minWords, maxWords: data.maxWords, template: data.responseTemplate };
			break;
		default:
			break;
	}
	if (input.graded) {
		const feedback: QuestionFeedbackView = {};
		if (shows.correctness) feedback.state = stateView(q);
		if (shows.marks) feedback.mark = q.fraction === null ? null : (q.mark ?? q.fraction * q.maxMark);
		if (shows.specificFeedback && data.type !== 'essay') {
			try {
				feedback.specificHtml = specificFeedback(data, gradeResponse(data, q.response).feedbackIds);
			} catch {
				feedback.specificHtml = [];
			}
		}
		if (shows.generalFeedback && version.generalFeedbackMd) feedback.generalHtml = renderMarkdown(version.generalFeedbackMd);
		if (shows.rightAnswer && data.type !== 'essay') {
			try {
				feedback.rightAnswer = rightAnswerText(data, locale);
			} catch {
				/* grading not available: no right answer text */
			}
		}
		if ((shows.marks || shows.specificFeedback) && q.comment) feedback.comment = q.comment;
		if (Object.keys(feedback).length) view.feedback = feedback;
	}
	if (input.interactive) {
		const locked = isLocked({ behaviour: 'interactive', maxTries: input.interactive.maxTries }, q);
		const hint = q.tries > 0 && !locked && q.state !== 'correct' ? (version.hints[Math.min(q.tries, version.hints.length) - 1] ?? null) : null;
		view.interactive = { triesLeft: Math.max(0, input.interactive.maxTries - q.tries), hintHtml: hint ? renderMarkdown(hint) : null, locked };
	}
	return view;
}

/**
 * A checked question that may no longer change: immediate behaviour after its check;
 * interactive after a right answer or the last try; an essay once sent for grading.
 */
export function isLocked(quiz: { behaviour: 'deferred' | 'immediate' | 'interactive'; maxTries: number }, q: { tries: number; state: string }): boolean {
	if (quiz.behaviour === 'deferred') return false;
	if (q.tries === 0) return false;
	if (quiz.behaviour === 'immediate') return true;
	return q.state === 'correct' || q.state === 'needs_grading' || q.tries >= quiz.maxTries;
}
