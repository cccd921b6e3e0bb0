import { page } from '$app/state';
import { translate, type MessageKey } from './index';

/** Translates in the current page's language (from the root layout's data). */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
	return translate(page.data.locale ?? 'pl', key, params);
}
