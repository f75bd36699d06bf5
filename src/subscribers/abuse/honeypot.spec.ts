import { HONEYPOT_FIELD, isHoneypotTripped } from './honeypot.js';

describe('isHoneypotTripped', () => {
  it('passes a human submission with the field empty or absent', () => {
    expect(isHoneypotTripped({ email: 'a@example.de' })).toBe(false);
    expect(isHoneypotTripped({ email: 'a@example.de', [HONEYPOT_FIELD]: '' })).toBe(false);
    expect(isHoneypotTripped({ [HONEYPOT_FIELD]: '   ' })).toBe(false);
  });

  it('catches a bot that filled the field or sent something odd in it', () => {
    expect(isHoneypotTripped({ [HONEYPOT_FIELD]: 'http://spam.example' })).toBe(true);
    expect(isHoneypotTripped({ [HONEYPOT_FIELD]: ['x'] })).toBe(true);
    expect(isHoneypotTripped({ [HONEYPOT_FIELD]: 0 })).toBe(true);
  });
});
