import type { materialsPl } from './materials.pl';

/** English messages of the materials area: every key of materials.pl.ts. */
export const materialsEn: Record<keyof typeof materialsPl, string> = {
	'materials.about': 'About this material',
	'materials.licence': 'Licence',
	'materials.author': 'Author',
	'materials.source': 'Source',
	'materials.attribution': 'Attribution',
	'materials.unknown': 'not given',
	'materials.licence.cc-by': 'Creative Commons Attribution 4.0 (CC BY 4.0)',
	'materials.licence.cc-by-sa': 'Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)',
	'materials.licence.cc-by-nd': 'Creative Commons Attribution-NoDerivatives 4.0 (CC BY-ND 4.0)',
	'materials.licence.cc-by-nc': 'Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)',
	'materials.licence.cc-by-nc-sa': 'Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (CC BY-NC-SA 4.0)',
	'materials.licence.cc-by-nc-nd': 'Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 (CC BY-NC-ND 4.0)',
	'materials.licence.cc0': 'CC0 1.0 Public Domain Dedication',
	'materials.licence.public-domain': 'Public domain',
	'materials.licence.all-rights-reserved': 'All rights reserved',
	'materials.licence.author-permission': 'Used with the author’s permission',
	'materials.video.show': 'Show the video from {host} (once opened, {host} receives your IP address)'
};
