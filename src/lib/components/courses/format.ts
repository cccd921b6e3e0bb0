import type { Licence } from '$lib/server/courses/courses.tables';

/** A date in the page's language, e.g. "10 marca 2026" (Europe/Warsaw). */
export function formatDate(value: Date | string | null, locale: string): string {
	if (!value) return '';
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'pl-PL', { dateStyle: 'long', timeZone: 'Europe/Warsaw' }).format(new Date(value));
}

/** A file size in kB or MB, in the page's language. */
export function formatSize(bytes: number, locale: string): string {
	const nf = (n: number) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'pl-PL', { maximumFractionDigits: 1 }).format(n);
	return bytes >= 1024 * 1024 ? `${nf(bytes / 1024 / 1024)} MB` : `${nf(Math.max(1, bytes / 1024))} kB`;
}

/** The deed of each licence that has one (machine-readable metadata links to it). */
export const licenceUrls: Record<Licence, string | null> = {
	'cc-by': 'https://creativecommons.org/licenses/by/4.0/',
	'cc-by-sa': 'https://creativecommons.org/licenses/by-sa/4.0/',
	'cc-by-nd': 'https://creativecommons.org/licenses/by-nd/4.0/',
	'cc-by-nc': 'https://creativecommons.org/licenses/by-nc/4.0/',
	'cc-by-nc-sa': 'https://creativecommons.org/licenses/by-nc-sa/4.0/',
	'cc-by-nc-nd': 'https://creativecommons.org/licenses/by-nc-nd/4.0/',
	cc0: 'https://creativecommons.org/publicdomain/zero/1.0/',
	'public-domain': 'https://creativecommons.org/publicdomain/mark/1.0/',
	'all-rights-reserved': null,
	'author-permission': null
};
