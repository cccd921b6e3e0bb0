import { AppError } from '../errors';

/** The course, section or activity does not exist, or the person may not edit it: both answer 404 (hidden resource). */
export const courseNotFound = () => new AppError('authoring.not_found', 404);
/** Holding the courses:author capability is required for any authoring at all. */
export const authoringForbidden = () => new AppError('authoring.forbidden', 403);
/** Only the owner of a course or an admin may add co-trainers. */
export const notCourseOwner = () => new AppError('authoring.not_owner', 403);
export const trainerUnknown = () => new AppError('authoring.trainer_unknown', 404, 'no account with this email address');
export const trainerNotAuthor = () => new AppError('authoring.trainer_not_author', 409, 'the account is not a trainer');
export const trainerAlready = () => new AppError('authoring.trainer_already', 409, 'already a trainer of this course');
export const categoryNotFound = () => new AppError('authoring.category_not_found', 404);
export const categoryInUse = (courses: number) => new AppError('authoring.category_in_use', 409, 'the category is used by courses', { courses });
export const coverNotImage = () => new AppError('authoring.cover_not_image', 415, 'the cover must be a PNG, JPEG, GIF or WebP image');
export const materialTypeNotAllowed = () => new AppError('authoring.material_type', 415, 'the file must be a PDF or an office document');
export const fileRequired = () => new AppError('authoring.file_required', 400, 'a file activity needs a file');
