import type { PageLocale } from '#src/subscribers/consent/consent-wording.js';

/** Every text on the public pages. One shape for both languages, so a missing text is a type error. */
export interface PageMessages {
  readonly siteName: string;
  readonly switchLanguage: string;
  readonly subscribe: {
    readonly title: string;
    readonly intro: string;
    readonly email: string;
    readonly name: string;
    readonly nameHint: string;
    readonly newsletters: string;
    readonly consentLabel: string;
    readonly honeypot: string;
    readonly submit: string;
    readonly errorsTitle: string;
    readonly staffLink: string;
  };
  readonly checkInbox: { readonly title: string; readonly body: string; readonly hint: string };
  readonly confirmed: { readonly title: string; readonly body: string; readonly preferences: string };
  readonly preferences: {
    readonly title: string;
    readonly intro: string;
    readonly saved: string;
    readonly errorsTitle: string;
    readonly name: string;
    readonly newsletters: string;
    readonly pause: string;
    readonly pauseHint: string;
    readonly save: string;
    readonly leaveTitle: string;
    readonly leaveBody: string;
    readonly unsubscribe: string;
  };
  readonly unsubscribe: { readonly title: string; readonly body: string; readonly button: string };
  readonly unsubscribed: { readonly title: string; readonly body: string; readonly resubscribe: string };
  readonly invalidToken: { readonly title: string; readonly body: string; readonly subscribe: string };
  readonly rateLimited: { readonly title: string; readonly body: string; readonly retryBefore: string; readonly retryAfter: string };
}

const de: PageMessages = {
  siteName: 'Newsletter',
  switchLanguage: 'English',
  subscribe: {
    title: 'Newsletter abonnieren',
    intro: 'Wählen Sie die Newsletter, die Sie per E-Mail erhalten möchten.',
    email: 'E-Mail-Adresse',
    name: 'Name (freiwillig)',
    nameHint: 'Damit wir Sie persönlich ansprechen können.',
    newsletters: 'Newsletter',
    consentLabel: 'Einwilligung',
    honeypot: 'Bitte dieses Feld leer lassen',
    submit: 'Abonnieren',
    errorsTitle: 'Bitte prüfen Sie Ihre Eingaben:',
    staffLink: 'Für die Redaktion: Anmeldung zur Konsole',
  },
  checkInbox: {
    title: 'Bitte prüfen Sie Ihr Postfach',
    body: 'Falls die Adresse angemeldet werden kann, haben wir eine E-Mail mit einem Bestätigungslink geschickt. Erst nach dem Klick auf diesen Link erhalten Sie Newsletter.',
    hint: 'Keine E-Mail erhalten? Sehen Sie im Spam-Ordner nach. Der Link ist 72 Stunden gültig.',
  },
  confirmed: {
    title: 'Anmeldung bestätigt',
    body: 'Vielen Dank! Ihre Anmeldung ist bestätigt, Sie erhalten ab jetzt die gewählten Newsletter.',
    preferences: 'Einstellungen ändern',
  },
  preferences: {
    title: 'Ihre Newsletter-Einstellungen',
    intro: 'Einstellungen für',
    saved: 'Ihre Einstellungen wurden gespeichert.',
    errorsTitle: 'Nichts gespeichert. Bitte prüfen Sie Ihre Eingaben:',
    name: 'Name',
    newsletters: 'Newsletter',
    pause: 'Newsletter pausieren',
    pauseHint: 'Sie bleiben angemeldet, erhalten aber vorerst keine E-Mails.',
    save: 'Speichern',
    leaveTitle: 'Abmelden',
    leaveBody: 'Sie möchten keine Newsletter mehr erhalten?',
    unsubscribe: 'Vom Newsletter abmelden',
  },
  unsubscribe: {
    title: 'Newsletter abbestellen',
    body: 'Klicken Sie auf die Schaltfläche, um sich von allen Newslettern abzumelden.',
    button: 'Jetzt abmelden',
  },
  unsubscribed: {
    title: 'Sie sind abgemeldet',
    body: 'Sie erhalten keine Newsletter mehr von uns. Die Abmeldung gilt sofort.',
    resubscribe: 'Versehentlich abgemeldet? Erneut anmelden',
  },
  invalidToken: {
    title: 'Link ungültig oder abgelaufen',
    body: 'Dieser Link ist ungültig, wurde bereits verwendet oder ist abgelaufen.',
    subscribe: 'Zur Anmeldung',
  },
  rateLimited: {
    title: 'Zu viele Anfragen',
    body: 'Von hier kamen in kurzer Zeit zu viele Anmeldungen.',
    retryBefore: 'Bitte versuchen Sie es in',
    retryAfter: 'Minuten erneut.',
  },
};

const en: PageMessages = {
  siteName: 'Newsletter',
  switchLanguage: 'Deutsch',
  subscribe: {
    title: 'Subscribe to our newsletters',
    intro: 'Choose the newsletters you would like to receive by email.',
    email: 'Email address',
    name: 'Name (optional)',
    nameHint: 'So we can address you personally.',
    newsletters: 'Newsletters',
    consentLabel: 'Consent',
    honeypot: 'Please leave this field empty',
    submit: 'Subscribe',
    errorsTitle: 'Please check your input:',
    staffLink: 'For the newsroom: log in to the console',
  },
  checkInbox: {
    title: 'Please check your inbox',
    body: 'If the address can be subscribed, we have sent an email with a confirmation link. You will receive newsletters only after clicking that link.',
    hint: 'No email? Look in your spam folder. The link is valid for 72 hours.',
  },
  confirmed: {
    title: 'Subscription confirmed',
    body: 'Thank you! Your subscription is confirmed; you will now receive the newsletters you chose.',
    preferences: 'Change preferences',
  },
  preferences: {
    title: 'Your newsletter preferences',
    intro: 'Preferences for',
    saved: 'Your preferences have been saved.',
    errorsTitle: 'Nothing was saved. Please check your input:',
    name: 'Name',
    newsletters: 'Newsletters',
    pause: 'Pause newsletters',
    pauseHint: 'You stay subscribed but receive no emails for now.',
    save: 'Save',
    leaveTitle: 'Unsubscribe',
    leaveBody: 'No longer want our newsletters?',
    unsubscribe: 'Unsubscribe from newsletters',
  },
  unsubscribe: {
    title: 'Unsubscribe',
    body: 'Press the button to unsubscribe from all newsletters.',
    button: 'Unsubscribe now',
  },
  unsubscribed: {
    title: 'You are unsubscribed',
    body: 'You will not receive any more newsletters from us. This takes effect immediately.',
    resubscribe: 'Unsubscribed by mistake? Subscribe again',
  },
  invalidToken: {
    title: 'Link invalid or expired',
    body: 'This link is invalid, has already been used or has expired.',
    subscribe: 'Go to sign-up',
  },
  rateLimited: {
    title: 'Too many requests',
    body: 'Too many sign-ups came from here in a short time.',
    retryBefore: 'Please try again in',
    retryAfter: 'minutes.',
  },
};

export const PAGE_MESSAGES: Readonly<Record<PageLocale, PageMessages>> = { de, en };
