import type { discussionsPl } from './discussions.pl';

/** English messages of the discussions area: every key of discussions.pl.ts. */
export const discussionsEn: Record<keyof typeof discussionsPl, string> = {};
