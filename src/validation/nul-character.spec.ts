import { findNulCharacter } from './nul-character.js';

describe('findNulCharacter', () => {
  it('names the first string holding U+0000 by its dotted path', () => {
    expect(findNulCharacter({ name: 'ok', footer: { imprint: 'a\u0000b' } })).toBe('footer.imprint');
    expect(findNulCharacter({ tags: ['a', 'b\u0000'] })).toBe('tags.1');
    expect(findNulCharacter({ a: 'x\u0000', b: 'y\u0000' })).toBe('a');
    expect(findNulCharacter('\u0000', 'q')).toBe('q');
  });

  it('names a key holding U+0000, escaped', () => {
    expect(findNulCharacter({ headers: { 'x\u0000y': 'v' } })).toBe('headers.x\\u0000y');
  });

  it('finds nothing in clean values of any kind', () => {
    expect(findNulCharacter({ a: 1, b: null, c: [true, { d: 'text with \\u0000 written out' }] })).toBeUndefined();
    expect(findNulCharacter(undefined)).toBeUndefined();
  });

  it('walks a deeply nested body without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findNulCharacter(deep)).toMatch(/^(0\.){99999}0$/);
  });
});
