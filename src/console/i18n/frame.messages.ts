/** The console's frame: navigation, user menu, banners, errors. German is the reference shape. */
const de = {
  productName: 'Postbote',
  skipToContent: 'Zum Inhalt springen',
  nav: {
    label: 'Hauptnavigation',
    today: 'Heute',
    sources: 'Quellen',
    articles: 'Artikel',
    newsletters: 'Newsletter',
    issues: 'Ausgaben',
    subscribers: 'Abonnenten',
    whatsapp: 'WhatsApp',
    settings: 'Einstellungen',
  },
  userMenu: { label: 'Benutzermenü', account: 'Mein Konto', logout: 'Abmelden', roleAdmin: 'Admin', roleEditor: 'Redaktion' },
  language: { label: 'Sprache', switchTo: 'English', switchToLang: 'en' },
  banners: {
    outbox: 'Es ist kein SMTP-Server eingerichtet (SMTP_URL fehlt): E-Mails werden nicht verschickt, sondern als .eml-Dateien im Ausgangsordner abgelegt.',
    noWorker: 'Kein Worker-Prozess meldet sich: Zeitpläne, Abrufe und Versand laufen gerade nicht.',
    insecureUrl: 'PUBLIC_URL beginnt nicht mit https: Links in E-Mails sind unverschlüsselt, Ein-Klick-Abmeldung (RFC 8058) ist nicht möglich und das Sitzungs-Cookie ist nicht als Secure markiert.',
  },
  coming: {
    title: 'Kommt bald',
    body: 'Diese Ansicht ist noch nicht gebaut. Bis dahin steht alles, was sie zeigen wird, über die HTTP-API unter /api bereit (Dokumentation unter /docs).',
  },
  errors: {
    title: 'Fehler',
    forbiddenTitle: 'Keine Berechtigung',
    forbidden: 'Diese Seite ist Administratorinnen und Administratoren vorbehalten.',
    notFoundTitle: 'Seite nicht gefunden',
    notFound: 'Diese Seite gibt es nicht.',
    csrfTitle: 'Formular abgelaufen',
    csrf: 'Das Formular war veraltet oder kam nicht von dieser Seite. Aus Sicherheitsgründen wurde nichts gespeichert. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.',
    badRequestTitle: 'Ungültige Eingabe',
    serverTitle: 'Etwas ist schiefgegangen',
    server: 'Die Anfrage konnte nicht bearbeitet werden. Der Fehler wurde protokolliert.',
    back: 'Zur Übersicht',
  },
};

export type FrameMessages = typeof de;

const en: FrameMessages = {
  productName: 'Postbote',
  skipToContent: 'Skip to content',
  nav: {
    label: 'Main navigation',
    today: 'Today',
    sources: 'Sources',
    articles: 'Articles',
    newsletters: 'Newsletters',
    issues: 'Issues',
    subscribers: 'Subscribers',
    whatsapp: 'WhatsApp',
    settings: 'Settings',
  },
  userMenu: { label: 'User menu', account: 'My account', logout: 'Log out', roleAdmin: 'Admin', roleEditor: 'Editor' },
  language: { label: 'Language', switchTo: 'Deutsch', switchToLang: 'de' },
  banners: {
    outbox: 'No SMTP server is configured (SMTP_URL is not set): emails are not sent but written as .eml files to the outbox folder.',
    noWorker: 'No worker process is reporting: schedules, polling and sending are not running right now.',
    insecureUrl: 'PUBLIC_URL does not start with https: links in emails are unencrypted, one-click unsubscribe (RFC 8058) is impossible and the session cookie is not marked Secure.',
  },
  coming: {
    title: 'Coming soon',
    body: 'This screen is not built yet. Until then, everything it will show is available through the HTTP API under /api (documented at /docs).',
  },
  errors: {
    title: 'Error',
    forbiddenTitle: 'Not allowed',
    forbidden: 'This page is for administrators only.',
    notFoundTitle: 'Page not found',
    notFound: 'This page does not exist.',
    csrfTitle: 'Form expired',
    csrf: 'The form was out of date or did not come from this site. For your safety nothing was saved. Please reload the page and try again.',
    badRequestTitle: 'Invalid input',
    serverTitle: 'Something went wrong',
    server: 'The request could not be completed. The error has been logged.',
    back: 'Back to the overview',
  },
};

export const FRAME_MESSAGES = { de, en };
