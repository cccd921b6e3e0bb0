import { AppError } from '../errors';

/** A survey this person may not see at all, or an id that is not a survey: "not found". */
export const surveyNotFound = () => new AppError('surveys.not_found', 404);
/** Only enrolled participants respond; visitors and signed-in non-participants are refused. */
export const notParticipant = () => new AppError('surveys.not_participant', 403);
/** Managers may preview the form; their submissions are refused and nothing is stored. */
export const previewOnly = () => new AppError('surveys.preview_only', 403);
export const notOpenYet = () => new AppError('surveys.not_open', 409);
export const surveyClosed = () => new AppError('surveys.closed', 409);
export const alreadyResponded = () => new AppError('surveys.already_responded', 409);
/** Answers that fail validation; `details.fields` maps question ids to message keys. */
export const invalidAnswers = (fields: Record<string, string>) => new AppError('surveys.invalid_answers', 400, 'invalid answers', { fields });
/** A question or settings form that fails validation; `details.fields` maps field names to message keys. */
export const invalidInput = (fields: Record<string, string>) => new AppError('surveys.invalid_input', 400, 'invalid input', { fields });
/** Structural changes (type, options, adding, deleting, anonymity) once responses exist. */
export const surveyLocked = () => new AppError('surveys.locked', 409, 'the survey already has responses');
export const questionNotFound = () => new AppError('surveys.question_not_found', 404);
