import { AppError } from '../errors';

/** A course or activity that does not exist, or that this person may not see: the same answer for both. */
export const courseNotFound = () => new AppError('courses.not_found', 404);
/** Self-enrolment is off, or today is outside the enrolment window. */
export const enrolmentClosed = (details: { opensAt: string | null; closesAt: string | null; selfEnrolment: boolean }) =>
	new AppError('courses.enrolment_closed', 409, 'enrolment in this course is closed', details);
/** The enrolment key is missing or wrong. */
export const enrolmentKeyInvalid = () => new AppError('courses.enrolment_key_invalid', 400, 'the enrolment key is not correct');
/** Saving progress needs an enrolment. */
export const notEnrolled = () => new AppError('courses.not_enrolled', 403, 'only enrolled participants can save progress');
/** Managers (trainers, admins) run the course; they do not enrol in it. */
export const managerCannotEnrol = () => new AppError('courses.manager_cannot_enrol', 409, 'trainers of a course do not enrol in it');
