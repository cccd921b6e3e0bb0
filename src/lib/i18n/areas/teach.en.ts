import type { teachPl } from './teach.pl';

/** English messages of the teach area: every key of teach.pl.ts. */
export const teachEn: Record<keyof typeof teachPl, string> = {};
