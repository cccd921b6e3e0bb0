/**
 * What the quiz pages receive from the attempt engine (src/lib/server/quiz/attempts.service.ts).
 * Plain data only (server and components import it). Answer keys never appear here unless
 * the review options allow showing them at that moment.
 */
import type { QuestionResponse, QuestionType } from '../quiz/questions';

export type AttemptStateView = 'in_progress' | 'overdue' | 'finished' | 'abandoned';
export type QuestionStateView = 'unanswered' | 'answered' | 'correct' | 'partial' | 'incorrect' | 'needs_grading' | 'graded';

/** One question as a participant sees it on an attempt, review or practice page. */
export interface QuestionForDisplay {
	/** Position in the quiz (0-based) and its page; `number` is what is shown ("Pytanie 3"). */
	slot: number;
	page: number;
	number: number;
	type: QuestionType;
	/** Safe HTML of the question text (Markdown rendered on the server; images allowed). */
	textHtml: string;
	maxMark: number;
	/** single / multiple: choices in this attempt's order. */
	choices?: { id: string; html: string }[];
	/** matching: the prompts, and the answers to pick from (shuffled; no pairing revealed). */
	matching?: { prompts: { id: string; html: string }[]; answers: string[] };
	/** ordering: items in this attempt's initial (shuffled) order. */
	ordering?: { id: string; text: string }[];
	/** numerical: the units the trainer accepts (first is the base). */
	units?: string[];
	/** essay limits and starting text. */
	essay?: { minWords: number | null; maxWords: number | null; template: string };
	/** The latest saved response and the client sequence number it carried. */
	response: QuestionResponse | null;
	responseSeq: number;
	/** Everything below is present only when the review options (or the behaviour) allow it now. */
	feedback?: QuestionFeedbackView;
	/** interactive behaviour: tries left, and the hint after a wrong try. */
	interactive?: { triesLeft: number; hintHtml: string | null; locked: boolean };
}

export interface QuestionFeedbackView {
	state?: QuestionStateView;
	/** Mark awarded, when marks may be shown. */
	mark?: number | null;
	/** Specific feedback of the chosen answers (safe HTML). */
	specificHtml?: string[];
	generalHtml?: string;
	/** The right answer in words ("Prawidłowa odpowiedź: …"). */
	rightAnswer?: string;
	/** The trainer's comment on a hand-graded answer. */
	comment?: string;
}

export interface AttemptPageView {
	quiz: { activityId: string; title: string; courseSlug: string; courseTitle: string; behaviour: 'deferred' | 'immediate' | 'interactive' };
	attempt: {
		id: string;
		number: number;
		state: AttemptStateView;
		page: number;
		pageCount: number;
		/** ISO times; the page counts down from serverNow to deadlineAt (null: no limit). */
		deadlineAt: string | null;
		serverNow: string;
		/** In the grace period after the time ran out: only submitting is possible. */
		inGrace: boolean;
	};
	/** The questions of the requested page. */
	questions: QuestionForDisplay[];
	/** Every question's number, page and whether it has a saved answer (the navigation panel). */
	navigation: { slot: number; number: number; page: number; answered: boolean }[];
}

/** Why a participant may not start (or continue) an attempt now; null when they may. */
export type StartBlock =
	| { code: 'login_required' }
	| { code: 'not_enrolled' }
	| { code: 'not_open'; opensAt: string }
	| { code: 'closed'; closedAt: string }
	| { code: 'no_attempts_left' }
	| { code: 'delay'; until: string }
	| { code: 'no_questions' };

export interface AttemptSummary {
	id: string;
	number: number;
	state: AttemptStateView;
	startedAt: string;
	submittedAt: string | null;
	/** 0..100, null while hidden by the review options or awaiting hand grading. */
	percent: number | null;
	passed: boolean | null;
	needsGrading: boolean;
	/** The review page may be opened now. */
	reviewable: boolean;
}

export interface QuizSummaryView {
	quiz: {
		activityId: string;
		title: string;
		descriptionHtml: string;
		courseId: string;
		courseSlug: string;
		courseTitle: string;
		opensAt: string | null;
		closesAt: string | null;
		/** With this person's override applied. */
		timeLimitSeconds: number | null;
		attemptsAllowed: number;
		gradingMethod: 'highest' | 'last' | 'average' | 'first';
		passPercent: number | null;
		finalTest: boolean;
		practice: boolean;
		questionCount: number;
	};
	/** This person's attempts (empty for anonymous visitors). */
	attempts: AttemptSummary[];
	/** The grade by the grading method over finished attempts (null: none yet or hidden). */
	grade: number | null;
	passed: boolean | null;
	openAttemptId: string | null;
	/** null: may start; otherwise why not. An anonymous visitor of a practice quiz gets null and `practiceOnly`. */
	blocked: StartBlock | null;
	practiceOnly: boolean;
	/** Course manager: links to settings and reports. */
	canManage: boolean;
}

export interface ReviewView {
	quiz: { activityId: string; title: string; courseSlug: string; courseTitle: string };
	attempt: AttemptSummary & { finishedBy: 'participant' | 'timeout' | 'sweep' | null; sumMarks: number | null; maxMarks: number; userName: string | null };
	/** Overall feedback text for the grade band, when shown. */
	overallFeedbackHtml: string | null;
	/** What the review options allow now (the page hides the rest). */
	shows: { attempt: boolean; correctness: boolean; marks: boolean; specificFeedback: boolean; generalFeedback: boolean; rightAnswer: boolean; overallFeedback: boolean };
	questions: QuestionForDisplay[];
}

/** Autosave: each answer carries a client sequence number; the server keeps the highest. */
export interface SaveAnswer {
	slot: number;
	seq: number;
	response: QuestionResponse;
}
export interface SaveResult {
	/** Slots whose answer is now stored with the given sequence number (also when it was already newer). */
	saved: { slot: number; seq: number }[];
	state: AttemptStateView;
	deadlineAt: string | null;
	serverNow: string;
}

/** Result of an anonymous practice run: graded in the page, nothing stored. */
export interface PracticeResult {
	percent: number;
	sumMarks: number;
	maxMarks: number;
	questions: QuestionForDisplay[];
}

export interface MyResultsRow {
	activityId: string;
	title: string;
	finalTest: boolean;
	attempts: number;
	grade: number | null;
	passed: boolean | null;
	lastSubmittedAt: string | null;
}
