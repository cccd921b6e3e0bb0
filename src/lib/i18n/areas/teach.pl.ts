/** Polish messages of the teach area (keys prefixed `teach.`). */
export const teachPl = {} as const;
