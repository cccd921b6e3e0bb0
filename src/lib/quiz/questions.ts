import { z } from 'zod';

/**
 * Question definitions and responses: the contract between the question bank, the
 * grading functions, the import/export formats and the attempt pages. Plain data,
 * validated by zod, importable by both server and browser code (no answer keys are
 * ever sent to the browser: pages get `QuestionForDisplay` views built on the server).
 */

export const questionTypes = ['single', 'multiple', 'truefalse', 'shortanswer', 'numerical', 'matching', 'ordering', 'essay'] as const;
export type QuestionType = (typeof questionTypes)[number];

/** A fraction of the question's mark: 1 = full marks; negative values only where the type allows penalties. */
const fraction = z.number().min(-1).max(1);
const id = z.string().min(1).max(64);
const text = (max: number) => z.string().max(max);

const choice = z.object({ id, text: text(5000).min(1), fraction, feedback: text(5000).default('') });

export const singleData = z.object({
	type: z.literal('single'),
	choices: z.array(choice).min(2).max(26),
	shuffle: z.boolean().default(true)
});

/**
 * Multiple choice. `partial`: the sum of the fractions of the ticked choices, clamped to 0..1
 * (wrong choices may carry negative fractions, Moodle's rule). `allOrNothing`: full marks only
 * when exactly the choices with a positive fraction are ticked, otherwise 0.
 */
export const multipleData = z.object({
	type: z.literal('multiple'),
	choices: z.array(choice).min(2).max(26),
	shuffle: z.boolean().default(true),
	scoring: z.enum(['partial', 'allOrNothing']).default('partial')
});

export const trueFalseData = z.object({
	type: z.literal('truefalse'),
	correct: z.boolean(),
	feedbackTrue: text(5000).default(''),
	feedbackFalse: text(5000).default('')
});

/** Accepted answers; `*` in an answer matches any run of characters (Moodle's short-answer wildcard). */
export const shortAnswerData = z.object({
	type: z.literal('shortanswer'),
	answers: z.array(z.object({ id, text: text(1000).min(1), fraction: z.number().min(0).max(1), feedback: text(5000).default('') })).min(1).max(50),
	caseSensitive: z.boolean().default(false)
});

/**
 * Numerical: the response is text such as "12,5 cm"; a comma or a dot is the decimal separator.
 * An answer matches when |value − answer.value| ≤ tolerance. Units multiply the value (the first
 * unit with multiplier 1 is the base); `unitRequired` refuses a bare number.
 */
export const numericalData = z.object({
	type: z.literal('numerical'),
	answers: z
		.array(z.object({ id, value: z.number().finite(), tolerance: z.number().min(0).finite().default(0), fraction: z.number().min(0).max(1), feedback: text(5000).default('') }))
		.min(1)
		.max(50),
	units: z.array(z.object({ unit: text(30).min(1), multiplier: z.number().positive().finite() })).max(20).default([]),
	unitRequired: z.boolean().default(false)
});

/** Matching: each prompt has one right answer; extra distractor answers may be listed. Partial credit per correct pair. */
export const matchingData = z.object({
	type: z.literal('matching'),
	pairs: z.array(z.object({ id, prompt: text(2000).min(1), answer: text(1000).min(1) })).min(2).max(30),
	distractors: z.array(text(1000).min(1)).max(20).default([]),
	shuffle: z.boolean().default(true)
});

/** Ordering: `items` in the right order. `absolute`: credit for each item in its right place; `allOrNothing`: only the full order scores. */
export const orderingData = z.object({
	type: z.literal('ordering'),
	items: z.array(z.object({ id, text: text(2000).min(1) })).min(2).max(30),
	scoring: z.enum(['absolute', 'allOrNothing']).default('absolute')
});

/** Essay: graded by hand. `graderInfo` is shown only to trainers. */
export const essayData = z.object({
	type: z.literal('essay'),
	minWords: z.number().int().min(0).nullable().default(null),
	maxWords: z.number().int().min(1).nullable().default(null),
	responseTemplate: text(10000).default(''),
	graderInfo: text(10000).default('')
});

export const questionDataSchema = z.discriminatedUnion('type', [singleData, multipleData, trueFalseData, shortAnswerData, numericalData, matchingData, orderingData, essayData]);
export type QuestionData = z.infer<typeof questionDataSchema>;
export type DataOf<T extends QuestionType> = Extract<QuestionData, { type: T }>;

/** Everything a question version holds (a row of question_versions without ids), as import/export and the editor see it. */
export const questionDefinitionSchema = z.object({
	name: z.string().trim().min(1).max(255),
	textMd: z.string().min(1).max(50_000),
	generalFeedbackMd: z.string().max(50_000).default(''),
	defaultMark: z.number().positive().max(1000).default(1),
	penalty: z.number().min(0).max(1).default(0.3333333),
	hints: z.array(z.string().max(5000)).max(10).default([]),
	data: questionDataSchema
});
export type QuestionDefinition = z.infer<typeof questionDefinitionSchema>;

/** A participant's response to one question, as saved by autosave. */
export const questionResponseSchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('single'), choice: id.nullable() }),
	z.object({ type: z.literal('multiple'), choices: z.array(id).max(26) }),
	z.object({ type: z.literal('truefalse'), value: z.boolean().nullable() }),
	z.object({ type: z.literal('shortanswer'), text: text(1000) }),
	z.object({ type: z.literal('numerical'), text: text(100) }),
	/** pair id → the answer text chosen for its prompt ('' = none) */
	z.object({ type: z.literal('matching'), matches: z.record(id, text(1000)) }),
	/** item ids in the order the participant put them */
	z.object({ type: z.literal('ordering'), order: z.array(id).max(30) }),
	z.object({ type: z.literal('essay'), text: text(100_000) })
]);
export type QuestionResponse = z.infer<typeof questionResponseSchema>;
export type ResponseOf<T extends QuestionType> = Extract<QuestionResponse, { type: T }>;

/** The outcome of grading one response automatically. */
export interface GradeResult {
	/** 0..1 (negative sums are clamped to 0); null when a person must grade it (essay). */
	fraction: number | null;
	state: 'unanswered' | 'correct' | 'partial' | 'incorrect' | 'needs_grading';
	/** Ids of the choices/answers whose specific feedback applies (shown per the review options). */
	feedbackIds: string[];
}
