/** Polish messages of the courses area (keys prefixed `courses.`). */
export const coursesPl = {} as const;
