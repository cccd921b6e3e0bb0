import { AppError } from '../errors';

export const fileNotFound = () => new AppError('files.not_found', 404);
export const fileTypeNotAllowed = (detected: string | null) =>
	new AppError('files.type_not_allowed', 415, 'the content of this file is not an allowed type', { detected });
export const fileTooLarge = (limit: number) => new AppError('files.too_large', 413, `the file is larger than ${limit} bytes`, { limit });
export const fileEmpty = () => new AppError('files.empty', 400, 'the file is empty');
