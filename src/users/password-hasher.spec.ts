import { checkNewPassword, hashPassword, verifyPassword } from './password-hasher.js';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hasher', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('korrekt Pferd Batterie', FAST);
    expect(hash).toMatch(/^scrypt\$1024\$8\$1\$[\w-]+\$[\w-]+$/u);
    await expect(verifyPassword('korrekt Pferd Batterie', hash)).resolves.toBe(true);
    await expect(verifyPassword('korrekt pferd Batterie', hash)).resolves.toBe(false);
  });

  it('salts each hash', async () => {
    expect(await hashPassword('same password', FAST)).not.toBe(await hashPassword('same password', FAST));
  });

  it('treats composed and decomposed umlauts as the same password', async () => {
    const hash = await hashPassword('Gr\u00fc\u00dfe aus K\u00f6ln', FAST);
    await expect(verifyPassword('Gru\u0308\u00dfe aus Ko\u0308ln', hash)).resolves.toBe(true);
  });

  it.each(['', 'bcrypt$x', 'scrypt$a$b$c$d$e', 'scrypt$1024$8$1$c2FsdA$c2hvcnQ'])('refuses the malformed stored value %j', async (stored) => {
    await expect(verifyPassword('anything', stored)).resolves.toBe(false);
  });

  it('asks for at least ten characters', () => {
    expect(checkNewPassword('kurz')).toBe('too-short');
    expect(checkNewPassword('lang genug!')).toBeNull();
    expect(checkNewPassword('x'.repeat(300))).toBe('too-long');
  });
});
