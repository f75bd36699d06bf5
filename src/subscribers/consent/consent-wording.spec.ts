import {
  allConsentWordings,
  consentWordingFingerprint,
  currentConsentWording,
  getConsentWording,
} from './consent-wording.js';

// A published wording is evidence: changing its text in place must fail here. Add a new version.
const PUBLISHED_FINGERPRINTS: Readonly<Record<string, string>> = {
  'consent-2025-01-v1': 'fb8cd8a63f3d959ac1690657563f788120b6f78fd03de70584a2746fef886f9c',
};

describe('consent wording', () => {
  it('has a current version with German and English text', () => {
    const wording = currentConsentWording();
    expect(wording.text.de).toContain('widerrufen');
    expect(wording.text.en).toContain('withdraw');
  });

  it('never changes a published text', () => {
    for (const wording of allConsentWordings()) {
      expect([wording.version, consentWordingFingerprint(wording)]).toEqual([
        wording.version,
        PUBLISHED_FINGERPRINTS[wording.version],
      ]);
    }
  });

  it('has unique versions and rejects an unknown one', () => {
    const versions = allConsentWordings().map((wording) => wording.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(() => getConsentWording('nope')).toThrow('consent wording: unknown version "nope"');
  });
});
