/** Polish messages of the materials area (keys prefixed `materials.`). */
export const materialsPl = {} as const;
