import type { materialsPl } from './materials.pl';

/** English messages of the materials area: every key of materials.pl.ts. */
export const materialsEn: Record<keyof typeof materialsPl, string> = {};
