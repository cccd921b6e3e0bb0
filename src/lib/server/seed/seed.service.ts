import fs from 'node:fs';
import { seedDemoAssessment } from './seed.assessment';
import { eq } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import type { Services } from '../services';
import type { Tx } from '../db/client';
import { activities, courseCategories, courseSections, courses } from '../courses/courses.tables';
import { hashEnrolmentKey } from '../courses/courses.service';
import { ensureDefaultDocuments } from '../legal/legal.defaults';

// ---------------------------------------------------------------- texts of the demo courses
// Real, short Polish lessons, so a first start shows a catalogue worth reading.

const SOURCE_GDPR = 'https://eur-lex.europa.eu/legal-content/PL/TXT/?uri=CELEX:32016R0679';
const AUTHOR = 'Zespół Szkoleń Województwa (materiał demonstracyjny)';
const ATTRIBUTION = '„Ochrona danych osobowych w administracji”, Zespół Szkoleń Województwa, licencja CC BY 4.0';

const gdprSummary = `Praktyczny kurs dla pracowników urzędów: czym są dane osobowe, na jakich zasadach urząd może je przetwarzać i co zrobić, gdy dojdzie do naruszenia.

Kurs jest **otwarty** – przeczytasz go bez logowania. Zaloguj się i zapisz, aby zapisywać postępy.`;

const lessonWhatIsPersonalData = `## Definicja

Zgodnie z art. 4 pkt 1 RODO **dane osobowe** to wszelkie informacje o zidentyfikowanej lub możliwej do zidentyfikowania osobie fizycznej. Osobę można zidentyfikować bezpośrednio lub pośrednio – na przykład na podstawie imienia i nazwiska, numeru PESEL, adresu, identyfikatora internetowego albo kilku cech, które razem wskazują konkretnego człowieka.

## Przykłady z pracy urzędu

- imię, nazwisko i adres wnioskodawcy,
- numer PESEL, numer dowodu osobistego,
- adres e-mail i numer telefonu podany we wniosku,
- nagranie z monitoringu wizyjnego,
- numer rejestracyjny pojazdu powiązany z właścicielem.

## Szczególne kategorie danych

Art. 9 RODO wyróżnia dane szczególnie chronione, m.in. dane o **zdrowiu**, pochodzeniu rasowym lub etnicznym, poglądach politycznych, przekonaniach religijnych, przynależności do związków zawodowych, dane genetyczne i biometryczne. Ich przetwarzanie jest co do zasady zakazane, chyba że zachodzi jeden z wyjątków wymienionych w przepisie.

> Zapamiętaj: jeżeli na podstawie informacji da się ustalić, o kogo chodzi, traktuj ją jak dane osobowe.`;

const lessonPrinciples = `## Siedem zasad z art. 5 RODO

1. **Zgodność z prawem, rzetelność i przejrzystość** – przetwarzamy dane na podstawie przepisu i informujemy o tym osobę.
2. **Ograniczenie celu** – dane zebrane w jednej sprawie nie służą do innych, niezgodnych celów.
3. **Minimalizacja danych** – zbieramy tylko to, co niezbędne. Nie prosimy o kopię dowodu, jeśli wystarczy okazanie dokumentu.
4. **Prawidłowość** – dbamy, by dane były aktualne i poprawiamy błędy.
5. **Ograniczenie przechowywania** – przechowujemy dane nie dłużej, niż wymagają tego przepisy (np. instrukcja kancelaryjna i jednolity rzeczowy wykaz akt).
6. **Integralność i poufność** – chronimy dane przed nieuprawnionym dostępem, utratą i zniszczeniem.
7. **Rozliczalność** – administrator musi umieć wykazać, że przestrzega powyższych zasad.

## Podstawy prawne w administracji

Urząd najczęściej przetwarza dane, ponieważ:

- jest to niezbędne do **wypełnienia obowiązku prawnego** (art. 6 ust. 1 lit. c RODO), albo
- jest to niezbędne do **wykonania zadania realizowanego w interesie publicznym** lub w ramach władzy publicznej (art. 6 ust. 1 lit. e RODO).

Zgoda (art. 6 ust. 1 lit. a) jest w administracji wyjątkiem – stosuje się ją tylko wtedy, gdy przepis nie nakłada obowiązku podania danych, np. przy dobrowolnym numerze telefonu do kontaktu.`;

const lessonBreach = `## Czym jest naruszenie?

Naruszenie ochrony danych to każde zdarzenie prowadzące do przypadkowego lub niezgodnego z prawem zniszczenia, utracenia, zmodyfikowania, nieuprawnionego ujawnienia lub dostępu do danych osobowych. Przykłady: e-mail z danymi wysłany do niewłaściwego adresata, zgubiony pendrive, dokumenty pozostawione na korytarzu.

## Co robisz jako pracownik?

1. **Niezwłocznie** zgłoś zdarzenie przełożonemu i **inspektorowi ochrony danych (IOD)** – nawet jeśli nie masz pewności, czy to naruszenie.
2. Opisz, co się stało, kiedy, jakich danych i ilu osób może to dotyczyć.
3. Nie próbuj samodzielnie „zamieść sprawy pod dywan” – liczy się czas.

## Co robi administrator?

- Zgłasza naruszenie **Prezesowi Urzędu Ochrony Danych Osobowych w ciągu 72 godzin** od jego stwierdzenia, chyba że jest mało prawdopodobne, by skutkowało ryzykiem dla praw lub wolności osób (art. 33 RODO).
- Zawiadamia osoby, których dane dotyczą, gdy ryzyko jest **wysokie** (art. 34 RODO).
- Dokumentuje każde naruszenie w wewnętrznym rejestrze.

## Dobre nawyki

- Blokuj ekran komputera, gdy odchodzisz od biurka.
- Sprawdzaj adresata przed wysłaniem wiadomości; przy wielu odbiorcach używaj pola „UDW”.
- Nie zostawiaj dokumentów na biurku po pracy (zasada czystego biurka).
- Szyfruj nośniki przenośne.`;

const cheatSheetPdf = {
	title: 'Ochrona danych osobowych – ściągawka pracownika',
	paragraphs: [
		'Dane osobowe to każda informacja, która pozwala ustalić tożsamość osoby – bezpośrednio lub pośrednio.',
		'Zbieraj tylko dane niezbędne do załatwienia sprawy i przechowuj je nie dłużej, niż wymagają przepisy.',
		'Podstawą przetwarzania w urzędzie jest zwykle obowiązek prawny (art. 6 ust. 1 lit. c RODO) lub zadanie publiczne (art. 6 ust. 1 lit. e RODO).',
		'Naruszenie? Niezwłocznie powiadom przełożonego i inspektora ochrony danych. Administrator ma 72 godziny na zgłoszenie do Prezesa UODO.',
		'Blokuj ekran, sprawdzaj adresatów wiadomości, szyfruj nośniki, dbaj o czyste biurko.',
		'Źródło: Rozporządzenie Parlamentu Europejskiego i Rady (UE) 2016/679 (RODO).',
		'Licencja: Creative Commons Uznanie autorstwa 4.0 (CC BY 4.0). Autor: Zespół Szkoleń Województwa.'
	]
};

const securitySummary = `Kurs zamknięty dla pracowników urzędu: hasła, uwierzytelnianie wieloskładnikowe i rozpoznawanie prób wyłudzenia danych (phishingu).

Zapis wymaga **klucza zapisu**, który przekazuje trener prowadzący.`;

const lessonPasswords = `## Silne hasło

Długość jest ważniejsza niż skomplikowanie. Dobre hasło to **fraza z kilku słów**, np. cztery niepowiązane wyrazy. Każdy system powinien mieć inne hasło – korzystaj z menedżera haseł zatwierdzonego w urzędzie.

## Uwierzytelnianie wieloskładnikowe

Włącz drugi składnik (aplikacja, klucz sprzętowy) wszędzie, gdzie to możliwe. Nawet wykradzione hasło nie wystarczy wtedy do zalogowania.`;

const lessonPhishing = `## Jak rozpoznać phishing?

- presja czasu („Twoje konto zostanie zablokowane w ciągu godziny”),
- adres nadawcy lub odnośnika, który tylko przypomina prawdziwy,
- prośba o hasło, kod lub dane karty,
- nieoczekiwany załącznik.

## Co robić?

Nie klikaj, nie odpowiadaj. Zgłoś wiadomość do działu informatyki zgodnie z procedurą urzędu.`;

// ---------------------------------------------------------------- seeding

/** The enrolment key of the closed demo course (README, "Demo accounts"). */
export const DEMO_ENROLMENT_KEY = 'BEZPIECZNI-2026';
export const DEMO_OPEN_COURSE = 'ochrona-danych-osobowych';
export const DEMO_CLOSED_COURSE = 'bezpieczenstwo-informacji';

/** A TrueType font with Polish letters; pdfkit's built-in Helvetica has no ą, ę, ł… */
const FONT_CANDIDATES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf'];

const stripDiacritics = (text: string) =>
	text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/[„”]/g, '"').replace(/–/g, '-');

/** A one-page PDF in Polish. Without a font that has Polish glyphs, the text is written without diacritics. */
export async function renderCheatSheetPdf(): Promise<Buffer> {
	const font = FONT_CANDIDATES.find((f) => fs.existsSync(f));
	const text = font ? (s: string) => s : stripDiacritics;
	const doc = new PDFDocument({
		size: 'A4',
		margin: 56,
		lang: 'pl-PL',
		displayTitle: true,
		info: { Title: text(cheatSheetPdf.title), Author: text(AUTHOR), Subject: 'RODO', Keywords: 'RODO, ochrona danych, CC BY 4.0' }
	});
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	if (font) doc.font(font);
	doc.fontSize(20).text(text(cheatSheetPdf.title), { paragraphGap: 16 });
	doc.fontSize(12);
	for (const paragraph of cheatSheetPdf.paragraphs) doc.text(text(paragraph), { paragraphGap: 10, lineGap: 2 });
	doc.end();
	return done;
}

async function ensureCategory(tx: Tx, slug: string, name: string, position: number) {
	await tx.insert(courseCategories).values({ slug, name, position }).onConflictDoNothing({ target: courseCategories.slug });
	const [row] = await tx.select().from(courseCategories).where(eq(courseCategories.slug, slug));
	return row;
}

async function courseExists(tx: Tx, slug: string) {
	return (await tx.select({ id: courses.id }).from(courses).where(eq(courses.slug, slug)).limit(1)).length > 0;
}

const material = {
	licence: 'cc-by' as const,
	author: AUTHOR,
	sourceUrl: SOURCE_GDPR,
	attribution: ATTRIBUTION
};

async function seedOpenCourse(services: Services, tx: Tx, categoryId: string, now: Date) {
	const [course] = await tx
		.insert(courses)
		.values({
			slug: DEMO_OPEN_COURSE,
			title: 'Ochrona danych osobowych w administracji',
			summary: gdprSummary,
			keywords: 'RODO, dane osobowe, IOD, naruszenie, UODO',
			categoryId,
			visibility: 'public',
			status: 'published',
			estimatedHours: '2.0',
			publishedAt: now
		})
		.returning();
	const [basics, practice] = await tx
		.insert(courseSections)
		.values([
			{ courseId: course.id, title: 'Podstawy RODO', position: 1 },
			{ courseId: course.id, title: 'RODO w codziennej pracy', position: 2 }
		])
		.returning();
	const pdf = await services.files.storeFile({ bytes: await renderCheatSheetPdf(), originalName: 'Ściągawka RODO dla pracownika.pdf', uploadedBy: null }, tx);
	await tx.insert(activities).values([
		{ courseId: course.id, sectionId: basics.id, type: 'lesson', title: 'Czym są dane osobowe?', bodyMd: lessonWhatIsPersonalData, position: 1, ...material },
		{ courseId: course.id, sectionId: basics.id, type: 'lesson', title: 'Zasady i podstawy przetwarzania danych', bodyMd: lessonPrinciples, position: 2, ...material },
		{ courseId: course.id, sectionId: practice.id, type: 'lesson', title: 'Naruszenie ochrony danych – co robić?', bodyMd: lessonBreach, position: 1, ...material },
		{
			courseId: course.id,
			sectionId: practice.id,
			type: 'file',
			title: 'Ściągawka: obowiązki pracownika (PDF)',
			description: 'Jednostronicowe podsumowanie kursu do wydruku.',
			fileId: pdf.id,
			position: 2,
			completion: 'view',
			...material
		},
		{
			courseId: course.id,
			sectionId: practice.id,
			type: 'link',
			title: 'Urząd Ochrony Danych Osobowych – poradniki',
			description: 'Oficjalne poradniki i komunikaty organu nadzorczego.',
			url: 'https://uodo.gov.pl/',
			position: 3,
			required: false,
			licence: 'all-rights-reserved',
			author: 'Urząd Ochrony Danych Osobowych',
			sourceUrl: 'https://uodo.gov.pl/',
			attribution: ''
		}
	]);	await seedDemoAssessment(tx, { courseId: course.id, sectionId: practice.id, firstPosition: 4 });
}

async function seedClosedCourse(tx: Tx, categoryId: string, now: Date) {
	const [course] = await tx
		.insert(courses)
		.values({
			slug: DEMO_CLOSED_COURSE,
			title: 'Bezpieczeństwo informacji w urzędzie',
			summary: securitySummary,
			keywords: 'cyberbezpieczeństwo, hasła, phishing, MFA',
			categoryId,
			visibility: 'private',
			status: 'published',
			enrolmentKeyHash: await hashEnrolmentKey(DEMO_ENROLMENT_KEY),
			estimatedHours: '1.0',
			publishedAt: new Date(now.getTime() - 1000)
		})
		.returning();
	const [section] = await tx.insert(courseSections).values({ courseId: course.id, title: 'Higiena cyfrowa', position: 1 }).returning();
	const own = { licence: 'cc-by' as const, author: AUTHOR, attribution: 'Zespół Szkoleń Województwa, CC BY 4.0' };
	await tx.insert(activities).values([
		{ courseId: course.id, sectionId: section.id, type: 'lesson', title: 'Hasła i uwierzytelnianie wieloskładnikowe', bodyMd: lessonPasswords, position: 1, ...own },
		{ courseId: course.id, sectionId: section.id, type: 'lesson', title: 'Jak rozpoznać phishing', bodyMd: lessonPhishing, position: 2, ...own }
	]);
}

/**
 * Demo content for the embedded default (config.seedDemo): categories, one open course
 * in Polish with lessons, a PDF, a link, a practice quiz, a final test and an anonymous
 * survey (seed.assessment.ts), and one closed course with an enrolment key.
 * Idempotent: each course is created only when its slug is free, so restarts and
 * courses edited by trainers are left alone.
 */
export async function seedDemo(services: Services): Promise<void> {
	const now = services.clock.now();
	await services.db.transaction(async (tx) => {
		const law = await ensureCategory(tx, 'ochrona-danych', 'Ochrona danych i prawo', 1);
		const digital = await ensureCategory(tx, 'kompetencje-cyfrowe', 'Kompetencje cyfrowe', 2);
		await ensureCategory(tx, 'obsluga-klienta', 'Obsługa klienta urzędu', 3);
		if (!(await courseExists(tx, DEMO_OPEN_COURSE))) await seedOpenCourse(services, tx, law.id, now);
		if (!(await courseExists(tx, DEMO_CLOSED_COURSE))) await seedClosedCourse(tx, digital.id, now);
	});
	await ensureDefaultDocuments(services.db, services.clock, { privacy: services.config.privacy });
	services.logger.info({ courses: [DEMO_OPEN_COURSE, DEMO_CLOSED_COURSE] }, 'demo content ready');
}
