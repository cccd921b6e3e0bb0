/** Polish messages of the qformat area (keys: qformat.*): why a question file cannot be imported. */
export const qformatPl = {
	'qformat.title': 'Import i eksport pytań',
	'qformat.where': 'Wiersz {line}, pytanie „{question}”',
	'qformat.whereLine': 'Wiersz {line}',
	'qformat.whereQuestion': 'Pytanie „{question}”',
	'qformat.nothingImported': 'Nie zaimportowano żadnego pytania. Popraw plik i spróbuj ponownie.',
	'qformat.reason.empty_file': 'Plik nie zawiera żadnego pytania do zaimportowania.',
	'qformat.reason.syntax': 'Błąd składni pliku: sprawdź nawiasy, znaczniki i znaki specjalne (w GIFT poprzedź znaki ~ = # { } : ukośnikiem \\).',
	'qformat.reason.unterminated': 'Brak zamykającego nawiasu } w pytaniu.',
	'qformat.reason.unsupported_type': 'Nieobsługiwany typ pytania (np. obliczeniowe, z lukami typu cloze, przeciągnij i upuść). Usuń je z pliku albo zamień na obsługiwany typ.',
	'qformat.reason.no_correct_answer': 'Pytanie nie ma poprawnej odpowiedzi: oznacz co najmniej jedną odpowiedź jako poprawną (100% albo dodatnia waga).',
	'qformat.reason.too_few_choices': 'Za mało odpowiedzi: potrzebne są co najmniej dwie (lub dwie pary do dopasowania).',
	'qformat.reason.too_many_choices': 'Za dużo odpowiedzi w pytaniu (najwyżej 26 odpowiedzi, 30 par lub elementów).',
	'qformat.reason.invalid_fraction': 'Nieprawidłowa waga odpowiedzi: podaj procent od -100 do 100 (w pytaniach z krótką odpowiedzią i liczbowych od 0 do 100).',
	'qformat.reason.missing_text': 'Brak treści pytania lub odpowiedzi.',
	'qformat.reason.invalid_number': 'Nieprawidłowa liczba (wartość, tolerancja, mnożnik jednostki, liczba punktów lub limit słów).',
	'qformat.reason.text_too_long': 'Tekst pytania lub odpowiedzi jest za długi.',
	'qformat.reason.invalid_question': 'Pytanie ma nieprawidłową budowę i nie może zostać zaimportowane.',
	'qformat.orderingNotInGift': 'Pytania porządkujące nie mają zapisu w formacie GIFT: wyeksportuj je do Moodle XML.'
} as const;
