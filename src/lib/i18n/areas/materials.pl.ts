/** Polish messages of the materials area (keys prefixed `materials.`). */
export const materialsPl = {
	'materials.about': 'O materiale',
	'materials.licence': 'Licencja',
	'materials.author': 'Autor',
	'materials.source': 'Źródło',
	'materials.attribution': 'Uznanie autorstwa',
	'materials.unknown': 'nie podano',
	'materials.licence.cc-by': 'Creative Commons Uznanie autorstwa 4.0 (CC BY 4.0)',
	'materials.licence.cc-by-sa': 'Creative Commons Uznanie autorstwa – Na tych samych warunkach 4.0 (CC BY-SA 4.0)',
	'materials.licence.cc-by-nd': 'Creative Commons Uznanie autorstwa – Bez utworów zależnych 4.0 (CC BY-ND 4.0)',
	'materials.licence.cc-by-nc': 'Creative Commons Uznanie autorstwa – Użycie niekomercyjne 4.0 (CC BY-NC 4.0)',
	'materials.licence.cc-by-nc-sa': 'Creative Commons Uznanie autorstwa – Użycie niekomercyjne – Na tych samych warunkach 4.0 (CC BY-NC-SA 4.0)',
	'materials.licence.cc-by-nc-nd': 'Creative Commons Uznanie autorstwa – Użycie niekomercyjne – Bez utworów zależnych 4.0 (CC BY-NC-ND 4.0)',
	'materials.licence.cc0': 'CC0 1.0 – przekazanie do domeny publicznej',
	'materials.licence.public-domain': 'Domena publiczna',
	'materials.licence.all-rights-reserved': 'Wszelkie prawa zastrzeżone',
	'materials.licence.author-permission': 'Wykorzystano za zgodą autora',
	'materials.video.show': 'Pokaż film z serwisu {host} (po otwarciu {host} otrzyma Twój adres IP)'
} as const;
