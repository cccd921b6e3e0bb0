export {
	listCategories,
	listQuestions,
	createCategory,
	renameCategory,
	deleteCategory,
	moveCategory,
	createQuestion,
	updateQuestion,
	getQuestion,
	setArchived,
	deleteQuestion,
	importQuestions,
	exportQuestions,
	previewQuestion,
	bankCourse,
	type QuestionBankDeps,
	type BankActor,
	type QuestionFormat
} from './questions.service';
export {
	CHOICE_FRACTIONS,
	PENALTIES,
	definitionToDraft,
	draftToDefinition,
	emptyDraft,
	formToDraft,
	questionFormat,
	questionTypeSchema,
	type QuestionDraft,
	type DraftErrors
} from './questions.schemas';
export {
	getQuizSummary,
	startAttempt,
	getAttemptPage,
	saveAnswers,
	checkQuestion,
	submitAttempt,
	getReview,
	listMyResults,
	getPracticeQuiz,
	gradePractice,
	recomputeAttempt,
	sweepOverdueAttempts,
	computeTotals,
	gradeByMethod,
	effectiveSettings,
	type QuizDeps
} from './attempts.service';
export { quizPrivacy } from './quiz.privacy';
