import type { ActivityRow, CourseRow } from '$lib/server/courses/index';
import { licenceUrls } from '$lib/components/courses/format';

/**
 * schema.org LearningResource metadata for a material (terms §3: licence, author, source,
 * attribution, machine-readable). Returned as the text of a JSON-LD script: `<`, `>`, `&`
 * and line separators are escaped so no value can close the script element.
 */
export function materialJsonLd(input: { activity: ActivityRow; course: CourseRow; pageUrl: string; fileUrl: string | null; fileType?: string; locale: string }) {
	const { activity: a, course } = input;
	const data = {
		'@context': 'https://schema.org',
		'@type': 'LearningResource',
		name: a.title,
		url: input.pageUrl,
		inLanguage: input.locale === 'en' ? 'en' : 'pl',
		learningResourceType: a.type,
		license: licenceUrls[a.licence] ?? a.licence,
		...(a.author ? { author: { '@type': 'Person', name: a.author } } : {}),
		...(a.sourceUrl ? { isBasedOn: a.sourceUrl } : {}),
		...(a.attribution ? { creditText: a.attribution } : {}),
		...(input.fileUrl ? { encoding: { '@type': 'MediaObject', contentUrl: input.fileUrl, encodingFormat: input.fileType } } : {}),
		isPartOf: { '@type': 'Course', name: course.title }
	};
	return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
