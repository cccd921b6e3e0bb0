export {
	TEXT_PAGE_SIZE,
	surveyState,
	warsawDay,
	getSurveyPage,
	submitResponse,
	getSurveyAdmin,
	saveSettings,
	addQuestion,
	editQuestion,
	removeQuestion,
	moveQuestion,
	getResults,
	exportResponses,
	type SurveyDeps,
	type SurveyQuestionView,
	type SurveyState,
	type QuestionResult,
	type ResultBar
} from './surveys.service';
export { questionFormValues, parseDecimal, parseWarsawDateTime, toWarsawDateTime, SHORT_TEXT_MAX, LONG_TEXT_MAX, QUESTION_TEXT_MAX } from './surveys.schemas';
export { surveysPrivacy } from './surveys.privacy';
export { createSurveyRow } from './surveys.defaults';
