import { AppError } from '../errors';

/** A version, or a kind of document, that does not exist (or is not published): the same answer for both. */
export const documentNotFound = () => new AppError('legal.not_found', 404);
/** Publishing or discarding needs a draft, and there is none (already published or discarded by another admin). */
export const noDraft = () => new AppError('legal.no_draft', 409, 'there is no draft of this document');
/** Publishing needs a change note of 3–1000 characters: it is shown to everyone asked to accept again. */
export const changeNoteRequired = () => new AppError('legal.change_note_required', 400, 'a change note is required to publish');
/** Another admin published a version of the same kind at the same moment; nothing was published. */
export const publishConflict = () => new AppError('legal.publish_conflict', 409, 'another version was published at the same time');
/**
 * A newer version was published between showing the consent page and submitting it:
 * the person has not read what they would accept. Nothing was recorded.
 */
export const versionChanged = (details: { kinds: string[] }) =>
	new AppError('legal.version_changed', 409, 'a newer version was published; read it before accepting', details);
/** Every pending document must be accepted at once; nothing was recorded. */
export const acceptanceRequired = (details: { kinds: string[] }) =>
	new AppError('legal.acceptance_required', 400, 'every pending document must be accepted', details);
