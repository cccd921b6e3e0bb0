import { en } from './en';
import { pl, type MessageKey } from './pl';

export type { MessageKey };
export const locales = ['pl', 'en'] as const;
export type Locale = (typeof locales)[number];
export const baseLocale: Locale = 'pl';
/** Cookie remembering the language chosen with the switch (not HttpOnly: it is no secret). */
export const LOCALE_COOKIE = 'lang';

const catalogues: Record<Locale, Record<MessageKey, string>> = { pl, en };

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Looks up a message and fills `{name}` placeholders. Values are text: Svelte escapes them when rendered. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
	const template = catalogues[locale]?.[key] ?? pl[key] ?? key;
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function hasMessage(key: string): key is MessageKey {
	return key in pl;
}

/**
 * Chooses the interface language: the signed-in user's saved choice, then the `lang`
 * cookie set by the language switch, then Polish. The browser's Accept-Language is not
 * consulted: a Polish public service speaks Polish until the person asks otherwise.
 */
export function negotiateLocale(input: { userLocale?: string | null; cookie?: string }): Locale {
	if (isLocale(input.userLocale)) return input.userLocale;
	if (isLocale(input.cookie)) return input.cookie;
	return baseLocale;
}
