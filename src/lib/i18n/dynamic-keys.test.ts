import { describe, expect, it } from 'vitest';
import { pl } from './pl';
import { activityTypes, completionRules } from '../server/courses/courses.tables';
import { questionTypes } from '../quiz/questions';
import { surveyQuestionTypes } from '../server/surveys/surveys.tables';

/**
 * Keys built at run time (`t(\`courses.type.${type}\`)`) escape the type checker: every value
 * of the enums they are built from must have its message, or the page shows the bare key.
 */
describe('messages built from enum values', () => {
	const families: [string, readonly string[]][] = [
		['courses.type', activityTypes],
		['teach.type', activityTypes],
		['teach.completion', completionRules],
		['questions.type', questionTypes],
		['quizadmin.type', questionTypes],
		['surveys.type', surveyQuestionTypes]
	];
	it.each(families)('%s.* exists for every value', (prefix, values) => {
		for (const value of values) expect(Object.keys(pl), `${prefix}.${value}`).toContain(`${prefix}.${value}`);
	});
});
