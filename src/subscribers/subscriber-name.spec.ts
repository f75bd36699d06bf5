import { nameViolation, nameViolationDetail, readerNameProblem } from './subscriber-name.js';

describe('the subscriber-name rule', () => {
  it('accepts up to 200 characters of any script, refuses more', () => {
    expect(nameViolation('Jürgen Ševčík 王小明 🙂')).toBeUndefined();
    expect(nameViolation('e'.repeat(200))).toBeUndefined();
    expect(nameViolation('e'.repeat(201))).toBe('too-long');
  });

  it('refuses C0, DEL and C1 control characters', () => {
    for (const control of ['\u0000', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u009f']) {
      expect(nameViolation(`Eva${control}Neu`)).toBe('control-characters');
    }
  });

  it('words the problem for operators naming the field, and for readers in their language', () => {
    expect(nameViolationDetail('too-long')).toBe('name: longer than 200 characters');
    expect(nameViolationDetail('control-characters')).toBe('name: contains control characters');
    expect(readerNameProblem(null, 'de')).toBeUndefined();
    expect(readerNameProblem('Eva', 'de')).toBeUndefined();
    expect(readerNameProblem('Eva\u0085', 'en')).toEqual({ field: 'name', message: 'The name must not contain control characters such as line breaks.' });
    expect(readerNameProblem('e'.repeat(201), 'de')).toEqual({ field: 'name', message: 'Der Name darf höchstens 200 Zeichen lang sein.' });
  });
});
