/**
 * A LIKE/ILIKE pattern matching `text` anywhere, with the person's `%`, `_` and `\` taken
 * literally (PostgreSQL's default escape character is the backslash). One place for every
 * search box of the platform.
 */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;
