import type { Db } from '../db/client';
import type { Clock } from '../platform/clock';
import * as repo from './legal.repository';
import type { DocumentContent } from './legal.repository';
import { documentKinds, type DocumentKind } from './legal.tables';

/** The settings the default texts quote (config.privacy). */
export interface DefaultDocumentSettings {
	contactEmail: string;
	dpoEmail: string;
	accessLogRetentionDays: number;
	mailRetentionDays: number;
	linkTtlMs: number;
}

const fallback: DefaultDocumentSettings = {
	contactEmail: 'kontakt@example.gov.pl',
	dpoEmail: 'iod@example.gov.pl',
	accessLogRetentionDays: 90,
	mailRetentionDays: 30,
	linkTtlMs: 24 * 3_600_000
};

const CONTROLLER_PL = 'Urząd Marszałkowski Województwa';
const CONTROLLER_EN = 'the Marshal’s Office of the Region (Urząd Marszałkowski Województwa)';

/**
 * Version 1 of the terms of use and the privacy policy, written from the terms of the
 * regional e-learning platform (§1–§5) and of the support line (§2.8–§2.12, §3). An
 * administrator replaces them with the office's own texts by publishing version 2.
 */
export function defaultDocuments(settings: Partial<DefaultDocumentSettings> = {}): Record<DocumentKind, DocumentContent> {
	const s = { ...fallback, ...settings };
	const hours = Math.round(s.linkTtlMs / 3_600_000);
	return {
		terms: { titlePl: 'Regulamin korzystania z platformy', bodyPl: termsPl(s, hours), titleEn: 'Terms of use of the platform', bodyEn: termsEn(s, hours), changeNote: '' },
		privacy: { titlePl: 'Polityka prywatności', bodyPl: privacyPl(s, hours), titleEn: 'Privacy policy', bodyEn: privacyEn(s, hours), changeNote: '' }
	};
}

/**
 * Publishes version 1 of each kind of document that has no published version yet.
 * Idempotent, and safe when two processes start at once: the unique index on
 * (kind, version) lets only one insert of version 1 through, the other does nothing.
 * Returns the kinds it published.
 */
export async function ensureDefaultDocuments(db: Db, clock: Clock, options: { privacy?: Partial<DefaultDocumentSettings> } = {}): Promise<DocumentKind[]> {
	const texts = defaultDocuments(options.privacy);
	const published: DocumentKind[] = [];
	for (const kind of documentKinds) {
		if (await repo.findCurrent(db, kind)) continue;
		if (await repo.insertPublished(db, kind, 1, texts[kind], clock.now())) published.push(kind);
	}
	return published;
}

// ---------------------------------------------------------------- terms of use

const termsPl = (s: DefaultDocumentSettings, hours: number) => `## §1. Postanowienia ogólne

1. Regulamin określa zasady korzystania z platformy szkoleniowej (e-learningowej) i linii wsparcia (dalej: **Platforma**), prowadzonej przez ${CONTROLLER_PL} (dalej: **Urząd**) w celu organizowania i prowadzenia zdalnych szkoleń oraz udzielania bezpłatnego wsparcia mieszkańcom województwa.
2. Użyte w regulaminie określenia oznaczają:
   1. **Użytkownik** – osoba posiadająca konto na Platformie, logująca się przez usługę pojedynczego logowania (SSO);
   2. **Konto** – dane Użytkownika oraz przypisane mu zasoby i uprawnienia na Platformie;
   3. **Prowadzący** – Użytkownik, któremu Administrator Platformy nadał uprawnienia do prowadzenia kursu;
   4. **Uczestnik** – Użytkownik zapisany na kurs;
   5. **Uczestnik niezalogowany** – osoba korzystająca z Platformy bez logowania;
   6. **Administrator** – administrator danych osobowych w rozumieniu RODO, wskazany w Polityce prywatności;
   7. **Administrator Platformy** – pracownik Urzędu wyznaczony do czynności administracyjnych związanych z działaniem Platformy;
   8. **Inspektor Ochrony Danych** – osoba wyznaczona przez Administratora do monitorowania przestrzegania przepisów o ochronie danych osobowych;
   9. **SSO** (pojedyncze logowanie) – jednorazowe zalogowanie dające dostęp do wszystkich usług, do których Użytkownik ma uprawnienia.
3. Platforma działa przez Internet 7 dni w tygodniu, 24 godziny na dobę, z wyjątkiem przerw na prace konserwacyjne i modernizacyjne oraz awarii.
4. Do korzystania z Platformy potrzebny jest komputer lub urządzenie mobilne z aktualną przeglądarką internetową. Przeglądarka, która nie jest wspierana, wyświetla komunikat z listą zalecanych przeglądarek.
5. Na Platformie udostępniane są pliki PDF; do ich odczytu potrzebny jest czytnik PDF (większość przeglądarek ma go wbudowanego).
6. Do pełnego korzystania z Platformy zaleca się posiadanie konta i aktywnego adresu e-mail.
7. Przy pierwszym logowaniu Użytkownik akceptuje Regulamin i Politykę prywatności. Po opublikowaniu ich nowej wersji Platforma prosi o ponowną akceptację przed dalszym korzystaniem z konta.

## §2. Konto i dane Użytkownika

1. Konta pracowników Urzędu w SSO tworzone są automatycznie na podstawie wewnętrznego systemu Urzędu; pozostałe osoby zakładają konto w usłudze SSO zgodnie z jej regulaminem. Konto na Platformie powstaje przy pierwszym zalogowaniu.
2. Użytkownik podaje prawdziwe dane: imię, nazwisko i adres e-mail.
3. Uprawnienia Prowadzącego nadaje Administrator Platformy.
4. Użytkownik może w każdej chwili przejrzeć swoje dane na stronie „Moje dane”, pobrać je w formacie nadającym się do odczytu maszynowego, poprawić imię, nazwisko i awatar (o ile nie pochodzą z usługi SSO) oraz usunąć konto (§4 ust. 8).

## §3. Prawa autorskie

1. Materiały dydaktyczne udostępnione na Platformie są chronione prawem autorskim.
2. Udostępnianie i powielanie materiałów bez zgody ich autorów jest zabronione, chyba że licencja materiału na to pozwala.
3. Materiały publikowane na Platformie muszą być opracowane samodzielnie przez publikującego. Materiały obce można zamieścić po uzyskaniu zgody twórcy i ze wskazaniem źródła albo na podstawie licencji pozwalającej na takie wykorzystanie. Za zamieszczony materiał odpowiada osoba, która go opublikowała.
4. Podstawa prawna: ustawa z dnia 4 lutego 1994 r. o prawie autorskim i prawach pokrewnych.

## §4. Zasady korzystania z Platformy

1. Na Platformie nie wolno zamieszczać treści nieprzyzwoitych, obraźliwych ani obscenicznych, prowadzić agitacji politycznej ani działalności reklamowej.
2. Zabronione są trollowanie, umawianie fikcyjnych konsultacji ze specjalistami, podszywanie się pod inne osoby, nękanie (stalking) i mowa nienawiści.
3. Prowadzący i Administrator Platformy mogą zmienić lub usunąć materiały i wypowiedzi niezgodne z Regulaminem.
4. Podanie nieprawdziwych danych oraz udostępnianie konta lub materiałów z Platformy osobom trzecim jest zabronione.
5. Za naruszenie Regulaminu Administrator Platformy może zablokować konto. Przy próbie zalogowania Użytkownik zobaczy powód blokady i sposób kontaktu z administratorem (${s.contactEmail}). Dostęp zostaje przywrócony po wyjaśnieniu przyczyn blokady; w przypadkach opisanych w ust. 2 konto może zostać usunięte.
6. Zalogowany Uczestnik może korzystać ze wszystkich funkcji przeznaczonych dla uczestników kursu: zapisywać wyniki, brać udział w rankingu (jeśli wyrazi na to zgodę), zdobywać odznaki i otrzymywać powiadomienia. Uczestnik niezalogowany nie zapisuje wyników, nie bierze udziału w rankingu, nie zdobywa odznak, nie otrzymuje powiadomień, nie wypełnia ankiet ani testów podsumowujących i nie generuje certyfikatów ukończenia kursu.
7. Zalogowany Użytkownik może odwołać umówioną konsultację najpóźniej 24 godziny przed jej rozpoczęciem.
8. Konto usuwa się na prośbę Użytkownika złożoną w profilu albo przez formularz kontaktowy. W obu przypadkach Platforma wysyła na adres e-mail konta wiadomość z linkiem potwierdzającym, ważnym ${hours} godz. i jednorazowym. Konto zostaje usunięte dopiero po kliknięciu linku – to potwierdza, że prośba pochodzi od właściciela adresu e-mail konta.
9. Nieprzestrzeganie Regulaminu oznacza zakaz korzystania z Platformy.

## §5. Ochrona danych osobowych

1. Dane osobowe Użytkowników są przetwarzane zgodnie z RODO i przepisami krajowymi. Szczegóły – kto jest administratorem, jakie dane, w jakim celu i jak długo przetwarzamy oraz jakie prawa przysługują Użytkownikom – opisuje [Polityka prywatności](/privacy).
2. Naruszenie ochrony danych Administrator zgłasza Prezesowi Urzędu Ochrony Danych Osobowych bez zbędnej zwłoki, w miarę możliwości nie później niż w ciągu 72 godzin od jego stwierdzenia.
3. Nad prawidłowością przetwarzania danych czuwa Inspektor Ochrony Danych: ${s.dpoEmail}.

## §6. Kontakt

1. Każdy – zalogowany lub nie – może napisać do administratora przez [formularz kontaktowy](/contact): zgłosić problem lub błąd, podzielić się opinią o wsparciu i treściach, poprosić o inny rodzaj wsparcia albo zapytać o wybór specjalisty lub formy kontaktu.
2. Dane podane w formularzu przetwarzamy wyłącznie w celu udzielenia odpowiedzi i pomocy.

## §7. Zmiany Regulaminu

1. Regulamin jest publikowany w kolejnych, numerowanych wersjach; każda wersja ma datę publikacji i opis zmian. Wcześniejsze wersje pozostają dostępne na stronie Regulaminu.
2. O nowej wersji Platforma informuje przy najbliższym logowaniu lub wejściu na stronę i prosi o jej akceptację.
`;

const termsEn = (s: DefaultDocumentSettings, hours: number) => `## §1. General provisions

1. These terms set out the rules for using the training (e-learning) platform and support line (the **Platform**) run by ${CONTROLLER_EN} (the **Office**) to organise and deliver remote training and to give free support to the region’s residents.
2. In these terms:
   1. **User** – a person with an account on the Platform who signs in through the single sign-on service (SSO);
   2. **Account** – the User’s data and the resources and permissions assigned to them on the Platform;
   3. **Trainer** – a User to whom the Platform Administrator has given the right to run a course;
   4. **Participant** – a User enrolled in a course;
   5. **Anonymous visitor** – a person using the Platform without signing in;
   6. **Controller** – the controller of personal data within the meaning of the GDPR, named in the Privacy policy;
   7. **Platform Administrator** – an employee of the Office appointed to administer the Platform;
   8. **Data Protection Officer** – the person appointed by the Controller to monitor compliance with data protection law;
   9. **SSO** (single sign-on) – signing in once to reach every service the User is authorised for.
3. The Platform is available over the Internet 7 days a week, 24 hours a day, except for maintenance, upgrades and failures.
4. Using the Platform requires a computer or mobile device with an up-to-date web browser. An unsupported browser shows a message listing the recommended browsers.
5. The Platform publishes PDF files; reading them needs a PDF reader (most browsers have one built in).
6. For full use of the Platform an account and an active email address are recommended.
7. At their first sign-in a User accepts these terms and the Privacy policy. When a new version of either is published, the Platform asks the User to accept it before they continue to use their account.

## §2. Account and User data

1. Office employees’ SSO accounts are created automatically from the Office’s internal system; other people register with the SSO service under its own terms. The Platform account is created at the first sign-in.
2. Users give true data: first name, last name and email address.
3. Trainer rights are granted by the Platform Administrator.
4. A User may at any time review their data on the “My data” page, download it in a machine-readable format, correct their first name, last name and avatar (unless they come from the SSO service) and delete their account (§4(8)).

## §3. Copyright

1. Teaching materials on the Platform are protected by copyright.
2. Sharing or copying materials without their authors’ consent is forbidden unless the material’s licence allows it.
3. Materials published on the Platform must be the publisher’s own work. Third-party materials may be published with the author’s consent and with the source named, or under a licence that allows such use. The person who publishes a material is responsible for it.
4. Legal basis: the Polish Act of 4 February 1994 on Copyright and Related Rights.

## §4. Rules of use

1. Indecent, offensive or obscene content, political campaigning and advertising are not allowed on the Platform.
2. Trolling, booking fake consultations with specialists, impersonating other people, stalking and hate speech are forbidden.
3. Trainers and the Platform Administrator may modify or remove materials and posts that break these terms.
4. Giving false personal data and sharing one’s account or the Platform’s materials with third parties are forbidden.
5. The Platform Administrator may block an account for breaking these terms. When trying to sign in, the User sees the reason for the block and how to contact the administrator (${s.contactEmail}). Access returns once the reason for the block has been clarified; in the cases described in paragraph 2 the account may be deleted.
6. A signed-in Participant may use every feature meant for course participants: save results, take part in the ranking (if they consent to it), earn badges and receive notifications. An anonymous visitor does not save results, take part in the ranking, earn badges, receive notifications, fill in surveys or final tests, or generate course-completion certificates.
7. A signed-in User may cancel a booked consultation up to 24 hours before it starts.
8. An account is deleted at the User’s request, made from their profile or through the contact form. Either way the Platform sends a message with a confirmation link, valid for ${hours} hours and usable once, to the account’s email address. The account is deleted only when the link is followed, which proves that the request comes from the owner of the account’s email address.
9. Breaking these terms means the User may no longer use the Platform.

## §5. Personal data protection

1. Users’ personal data is processed in accordance with the GDPR and Polish law. The [Privacy policy](/privacy) explains who the controller is, which data we process, why and for how long, and what rights Users have.
2. The Controller reports a personal data breach to the President of the Personal Data Protection Office without undue delay and, where feasible, within 72 hours of becoming aware of it.
3. The Data Protection Officer oversees the processing: ${s.dpoEmail}.

## §6. Contact

1. Anyone, signed in or not, may write to the administrator through the [contact form](/contact): report a problem or an error, give an opinion on the support and the content, ask for another kind of support, or ask which specialist or form of contact to choose.
2. Data given in the form is processed only to answer and to help.

## §7. Changes to these terms

1. These terms are published in numbered versions; each version has a publication date and a description of the changes. Earlier versions remain available on the terms page.
2. The Platform announces a new version at the next sign-in or visit and asks the User to accept it.
`;

// ---------------------------------------------------------------- privacy policy

const privacyPl = (s: DefaultDocumentSettings, hours: number) => `## 1. Administrator danych

Administratorem danych osobowych przetwarzanych na Platformie jest Województwo, reprezentowane przez Marszałka Województwa, z siedzibą w Urzędzie Marszałkowskim Województwa. Kontakt: ${s.contactEmail} lub [formularz kontaktowy](/contact).

## 2. Inspektor Ochrony Danych

Administrator wyznaczył Inspektora Ochrony Danych, z którym można się kontaktować we wszystkich sprawach dotyczących danych osobowych: **${s.dpoEmail}**.

## 3. Jakie dane przetwarzamy

- **dane konta**: imię, nazwisko, adres e-mail (przekazywane przez usługę logowania SSO), awatar (zdjęcie), wybrany język;
- **dane techniczne**: adres IP i daty dostępu do Platformy;
- **dane o nauce**: nazwy kursów, na które jesteś zapisany(-a), postępy, wyniki, odznaki i certyfikaty;
- **treści**: Twoje wpisy w dyskusjach kursów;
- **zgody**: zaakceptowane wersje Regulaminu i Polityki prywatności oraz zgody na przetwarzanie opcjonalne (np. ranking) z datami;
- **sprawy**: wnioski o dostęp do danych, ich usunięcie i pytania przesłane przez formularz kontaktowy.

## 4. Cele i podstawy przetwarzania

1. Prowadzenie szkoleń i linii wsparcia, obsługa konta – wykonywanie zadania w interesie publicznym (art. 6 ust. 1 lit. e RODO).
2. Bezpieczeństwo Platformy (adres IP, daty dostępu) – art. 6 ust. 1 lit. e w związku z art. 32 RODO.
3. Pokazywanie Twojego imienia i nazwiska w rankingach kursów – wyłącznie na podstawie Twojej zgody (art. 6 ust. 1 lit. a RODO). Zgoda jest dobrowolna; bez niej nie pojawiasz się w rankingu pod nazwiskiem. Możesz ją w każdej chwili wyrazić lub cofnąć na stronie [Moje zgody](/profile/consents); cofnięcie nie wpływa na zgodność z prawem przetwarzania sprzed cofnięcia.
4. Realizacja Twoich praw i odpowiedzi na wiadomości – wypełnienie obowiązku prawnego (art. 6 ust. 1 lit. c RODO).

## 5. Jak długo przechowujemy dane

- dane konta, dane o nauce i treści – do usunięcia konta;
- adresy IP i rejestr dostępu – **${s.accessLogRetentionDays} dni**, po czym są automatycznie usuwane;
- wysłane wiadomości e-mail – ${s.mailRetentionDays} dni;
- linki potwierdzające usunięcie konta – ${hours} godz., jednorazowe;
- wyniki testów po usunięciu konta – wyłącznie jako anonimowe statystyki.

## 6. Odbiorcy danych

Dane mogą otrzymać wyłącznie podmioty przetwarzające je na zlecenie Administratora na podstawie umów powierzenia (np. dostawca hostingu, poczty e-mail, usługi logowania SSO) oraz organy uprawnione na podstawie przepisów prawa. Nie przekazujemy danych poza Europejski Obszar Gospodarczy i nie podejmujemy wobec Ciebie zautomatyzowanych decyzji ani nie profilujemy Cię.

## 7. Twoje prawa

Masz prawo do:

- **dostępu** do swoich danych i ich kopii – strona „Moje dane” pokazuje wszystko, co o Tobie przechowujemy, i pozwala pobrać dane (JSON w archiwum ZIP, z awatarem i certyfikatami);
- **sprostowania** danych – imię, nazwisko i awatar zmienisz w profilu, o ile nie pochodzą z usługi SSO;
- **usunięcia** danych („prawo do bycia zapomnianym”);
- **ograniczenia** przetwarzania;
- **sprzeciwu** wobec przetwarzania;
- **cofnięcia zgody** w dowolnym momencie;
- **wniesienia skargi** do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa).

Na wnioski odpowiadamy bez zbędnej zwłoki, najpóźniej w ciągu miesiąca od ich otrzymania. Status swojego wniosku widzisz na Platformie.

## 8. Usunięcie konta

Usunięcia konta możesz zażądać w profilu albo przez formularz kontaktowy, podając adres e-mail. Na adres e-mail konta wyślemy link potwierdzający (ważny ${hours} godz., jednorazowy); konto usuwamy dopiero po jego kliknięciu. Odpowiedź na prośbę nie zdradza, czy dany adres ma konto. Po usunięciu: Twoje dane osobowe są usuwane lub nieodwracalnie anonimizowane, wpisy w dyskusjach pokazują się jako „użytkownik usunięty”, wyniki testów zostają tylko jako anonimowe statystyki, a wydane certyfikaty przy weryfikacji pokazują „dane posiadacza usunięte”. Ponowne zalogowanie przez SSO tworzy nowe, puste konto.

## 9. Naruszenia ochrony danych

Naruszenie ochrony danych zgłaszamy Prezesowi Urzędu Ochrony Danych Osobowych w ciągu 72 godzin od jego stwierdzenia, a gdy grozi ono wysokim ryzykiem dla Twoich praw i wolności – zawiadamiamy także Ciebie.

## 10. Pliki cookie

Platforma używa wyłącznie niezbędnych plików cookie: cookie sesji (po zalogowaniu) i cookie wybranego języka. Nie używamy cookie analitycznych ani reklamowych.
`;

const privacyEn = (s: DefaultDocumentSettings, hours: number) => `## 1. Controller

The controller of the personal data processed on the Platform is the Region, represented by the Marshal of the Region, with its seat at ${CONTROLLER_EN}. Contact: ${s.contactEmail} or the [contact form](/contact).

## 2. Data Protection Officer

The controller has appointed a Data Protection Officer, whom you may contact about anything concerning your personal data: **${s.dpoEmail}**.

## 3. Which data we process

- **account data**: first name, last name, email address (passed on by the single sign-on service, SSO), avatar (photo), chosen language;
- **technical data**: IP address and dates of access to the Platform;
- **learning data**: names of the courses you are enrolled in, progress, results, badges and certificates;
- **content**: your posts in course discussions;
- **consents**: the accepted versions of the terms of use and of this policy, and your optional processing consents (e.g. ranking), with dates;
- **requests**: requests for access to or deletion of your data, and questions sent through the contact form.

## 4. Purposes and legal bases

1. Running the training and the support line, managing your account – a task carried out in the public interest (GDPR art. 6(1)(e)).
2. Security of the Platform (IP address, access dates) – art. 6(1)(e) together with art. 32 GDPR.
3. Showing your name in course rankings – only with your consent (art. 6(1)(a) GDPR). Consent is voluntary; without it you are not shown by name in rankings. You may give or withdraw it at any time on the [My consents](/profile/consents) page; withdrawal does not affect the lawfulness of processing before it.
4. Handling your rights and answering your messages – a legal obligation (art. 6(1)(c) GDPR).

## 5. How long we keep data

- account data, learning data and content – until the account is deleted;
- IP addresses and the access log – **${s.accessLogRetentionDays} days**, then deleted automatically;
- emails sent – ${s.mailRetentionDays} days;
- account deletion confirmation links – ${hours} hours, single use;
- quiz results after account deletion – only as anonymous statistics.

## 6. Recipients

Data may be received only by processors acting on the controller’s behalf under data processing agreements (e.g. the hosting, email and single sign-on providers) and by authorities entitled by law. We do not transfer data outside the European Economic Area, and we make no automated decisions about you and do not profile you.

## 7. Your rights

You have the right to:

- **access** your data and receive a copy – the “My data” page shows everything we hold about you and lets you download it (JSON in a ZIP archive, with your avatar and certificates);
- **rectification** – change your first name, last name and avatar in your profile, unless they come from the SSO service;
- **erasure** (“the right to be forgotten”);
- **restriction** of processing;
- **object** to processing;
- **withdraw consent** at any time;
- **lodge a complaint** with the President of the Personal Data Protection Office (ul. Stawki 2, 00-193 Warszawa, Poland).

We answer requests without undue delay and at the latest within one month of receiving them. You can see the status of your request on the Platform.

## 8. Deleting your account

You may ask for your account to be deleted from your profile, or through the contact form by giving your email address. We send a confirmation link (valid for ${hours} hours, single use) to the account’s email address, and delete the account only when it is followed. Our answer never reveals whether an address has an account. After deletion your personal data is deleted or irreversibly anonymised: your discussion posts are shown as “deleted user”, quiz results are kept only as anonymous statistics, and issued certificates verify as “holder data erased”. Signing in again through SSO creates a new, empty account.

## 9. Personal data breaches

We report a personal data breach to the President of the Personal Data Protection Office within 72 hours of becoming aware of it and, when it is likely to result in a high risk to your rights and freedoms, we inform you too.

## 10. Cookies

The Platform uses only necessary cookies: the session cookie (once you sign in) and the cookie remembering your language. We use no analytics or advertising cookies.
`;
