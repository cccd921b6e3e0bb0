import type { coursesPl } from './courses.pl';

/** English messages of the courses area: every key of courses.pl.ts. */
export const coursesEn: Record<keyof typeof coursesPl, string> = {};
