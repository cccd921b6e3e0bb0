/**
 * A discussion post as the pages show it: produced by discussions.service, rendered by
 * PostItem.svelte. Plain data only, so both the server and components may import it.
 */
export interface PostView {
	id: string;
	authorId: string | null;
	authorName: string | null;
	createdAt: string;
	editedAt: string | null;
	moderated: boolean;
	removed: boolean;
	/** Safe HTML of the body (empty when removed). */
	html: string;
	/** The Markdown source, only for someone who may edit it. */
	source: string | null;
	canEdit: boolean;
	canModerate: boolean;
}
