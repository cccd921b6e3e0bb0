import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.tables';
import { activities, courses } from '../courses/courses.tables';

/**
 * Surveys (ankiety, issue 5). A survey is an activity (activities.type = 'survey').
 * Anonymous surveys keep who responded (survey_respondents) apart from what was
 * answered (survey_responses without user_id and with only the day of submission),
 * so nothing in the database links a person to their answers.
 */

export const surveyQuestionTypes = ['rating', 'single', 'multiple', 'numeric', 'short_text', 'long_text'] as const;
export type SurveyQuestionType = (typeof surveyQuestionTypes)[number];

/** Type-specific options of a survey question. */
export interface SurveyQuestionOptions {
	/** single / multiple */
	choices?: string[];
	/** rating: scale bounds and end labels (e.g. 1 "zdecydowanie nie" … 5 "zdecydowanie tak") */
	scaleMin?: number;
	scaleMax?: number;
	minLabel?: string;
	maxLabel?: string;
	/** numeric */
	min?: number | null;
	max?: number | null;
}

export const surveys = pgTable(
	'surveys',
	{
		activityId: uuid('activity_id')
			.primaryKey()
			.references(() => activities.id, { onDelete: 'cascade' }),
		courseId: uuid('course_id')
			.notNull()
			.references(() => courses.id, { onDelete: 'cascade' }),
		anonymous: boolean('anonymous').notNull().default(false),
		opensAt: timestamp('opens_at', { withTimezone: true }),
		closesAt: timestamp('closes_at', { withTimezone: true }),
		updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('surveys_course_idx').on(t.courseId)]
);

export const surveyQuestions = pgTable(
	'survey_questions',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		surveyId: uuid('survey_id')
			.notNull()
			.references(() => surveys.activityId, { onDelete: 'cascade' }),
		position: integer('position').notNull(),
		type: text('type', { enum: surveyQuestionTypes }).notNull(),
		text: text('text').notNull(),
		required: boolean('required').notNull().default(false),
		options: jsonb('options').$type<SurveyQuestionOptions>().notNull().default({})
	},
	(t) => [index('survey_questions_survey_idx').on(t.surveyId, t.position)]
);

/** That a person responded (one response per participant), never what they answered. */
export const surveyRespondents = pgTable(
	'survey_respondents',
	{
		surveyId: uuid('survey_id')
			.notNull()
			.references(() => surveys.activityId, { onDelete: 'cascade' }),
		userId: uuid('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		respondedAt: timestamp('responded_at', { withTimezone: true }).notNull()
	},
	(t) => [primaryKey({ columns: [t.surveyId, t.userId] }), index('survey_respondents_user_idx').on(t.userId)]
);

/**
 * What was answered. `user_id` is set only for named surveys (and becomes null when the
 * account is erased); an anonymous survey's responses carry no user and only the day.
 */
export const surveyResponses = pgTable(
	'survey_responses',
	{
		id: uuid('id').primaryKey().defaultRandom(),
		surveyId: uuid('survey_id')
			.notNull()
			.references(() => surveys.activityId, { onDelete: 'cascade' }),
		userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
		submittedOn: date('submitted_on', { mode: 'string' }).notNull()
	},
	(t) => [index('survey_responses_survey_idx').on(t.surveyId), index('survey_responses_user_idx').on(t.userId)]
);

export const surveyAnswers = pgTable(
	'survey_answers',
	{
		responseId: uuid('response_id')
			.notNull()
			.references(() => surveyResponses.id, { onDelete: 'cascade' }),
		questionId: uuid('question_id')
			.notNull()
			.references(() => surveyQuestions.id, { onDelete: 'cascade' }),
		valueText: text('value_text'),
		valueNumber: doublePrecision('value_number'),
		valueChoices: jsonb('value_choices').$type<number[]>()
	},
	(t) => [primaryKey({ columns: [t.responseId, t.questionId] }), index('survey_answers_question_idx').on(t.questionId)]
);
