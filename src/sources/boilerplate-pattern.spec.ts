import { compileAdminPattern, MAX_PATTERN_INPUT, PatternSyntaxError } from './boilerplate-pattern.js';

describe('compileAdminPattern', () => {
  it('matches case-insensitively anywhere, like the built-in patterns', () => {
    const pattern = compileAdminPattern('^anzeige:');
    expect(pattern.test('ANZEIGE: Kaufen Sie')).toBe(true);
    expect(pattern.test('Keine Anzeige: hier')).toBe(false);
    expect(compileAdminPattern('Ä').test('ä')).toBe(true);
  });

  it('answers a nested quantifier on a long near-match at once (linear time; a backtracking engine would hang here)', () => {
    expect(compileAdminPattern('^(a+)+$').test(`${'a'.repeat(60)}!`)).toBe(false);
    expect(compileAdminPattern('^(a|aa)+$').test('a'.repeat(MAX_PATTERN_INPUT))).toBe(true);
  });

  it('leaves paragraphs longer than a boilerplate line alone', () => {
    expect(compileAdminPattern('a').test('a'.repeat(MAX_PATTERN_INPUT + 1))).toBe(false);
  });

  it('refuses what RE2 cannot run, with the reason', () => {
    expect(() => compileAdminPattern('(?<=x)y')).toThrow(PatternSyntaxError);
    expect(() => compileAdminPattern('(a)\\1')).toThrow(/invalid escape sequence/);
    expect(() => compileAdminPattern('[')).toThrow(PatternSyntaxError);
  });
});
