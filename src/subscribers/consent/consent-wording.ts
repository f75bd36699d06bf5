import { createHash } from 'node:crypto';

export type PageLocale = 'de' | 'en';

/**
 * One published consent wording. A consent record stores `version`; the text it points to must
 * never change afterwards, or the record no longer proves what the person agreed to. To change
 * the wording, add a new version and make it current. `consent-wording.spec.ts` pins each
 * published text by its fingerprint so an in-place edit fails the build.
 */
export interface ConsentWording {
  readonly version: string;
  readonly publishedAt: string;
  readonly text: Readonly<Record<PageLocale, string>>;
}

const WORDINGS: readonly ConsentWording[] = [
  {
    version: 'consent-2025-01-v1',
    publishedAt: '2025-01-01',
    text: {
      de:
        'Ja, ich möchte die ausgewählten Newsletter per E-Mail erhalten. Meine Einwilligung kann ich ' +
        'jederzeit mit Wirkung für die Zukunft widerrufen, über den Abmeldelink in jeder E-Mail. ' +
        'Meine Daten werden nur für den Versand dieser Newsletter verwendet; Einzelheiten stehen in der ' +
        'Datenschutzerklärung.',
      en:
        'Yes, I want to receive the selected newsletters by email. I can withdraw my consent at any ' +
        'time with effect for the future, using the unsubscribe link in every email. My data is used ' +
        'only to send these newsletters; details are in the privacy policy.',
    },
  },
];

export const CURRENT_CONSENT_VERSION = 'consent-2025-01-v1';

export function currentConsentWording(): ConsentWording {
  return getConsentWording(CURRENT_CONSENT_VERSION);
}

/** Looks up the wording a consent record points to; throws for an unknown version. */
export function getConsentWording(version: string): ConsentWording {
  const wording = WORDINGS.find((candidate) => candidate.version === version);
  if (wording === undefined) throw new Error(`consent wording: unknown version "${version}"`);
  return wording;
}

export function allConsentWordings(): readonly ConsentWording[] {
  return WORDINGS;
}

/** SHA-256 over both texts; also usable in a consent record as extra proof of the exact text. */
export function consentWordingFingerprint(wording: ConsentWording): string {
  return createHash('sha256').update(JSON.stringify([wording.version, wording.text.de, wording.text.en])).digest('hex');
}
