import { parseSchedule, ScheduleValidationError, validateCronExpression } from './schedule-spec.js';

describe('parseSchedule', () => {
  it('defaults a cron schedule to Europe/Berlin and normalises whitespace', () => {
    expect(parseSchedule({ kind: 'cron', expression: ' 0  7 * * 1-5 ' })).toEqual({
      kind: 'cron',
      expression: '0 7 * * 1-5',
      timeZone: 'Europe/Berlin',
    });
  });

  it.each([
    ['0 7 * * 8', '"0 7 * * 8": day-of-week out of range'],
    ['60 7 * * *', '"60 7 * * *": minute out of range'],
    ['0 24 * * *', '"0 24 * * *": hour out of range'],
    ['0 7 32 * *', '"0 7 32 * *": day-of-month out of range'],
    ['0 7 0 * *', '"0 7 0 * *": day-of-month out of range'],
    ['0 7 * 13 *', '"0 7 * 13 *": month out of range'],
    ['0 7 * *', '"0 7 * *": expected 5 fields (minute hour day-of-month month day-of-week), got 4'],
    ['0 0 7 * * *', '"0 0 7 * * *": expected 5 fields (minute hour day-of-month month day-of-week), got 6'],
    ['0 x * * *', '"0 x * * *": hour "x" contains illegal characters'],
    ['0 7 31 2 *', '"0 7 31 2 *": never fires'],
    ['0 7 ? * *', '"0 7 ? * *": day-of-month must not contain "?"'],
  ])('names the bad field of %j', (expression, message) => {
    expect(() => validateCronExpression(expression)).toThrow(new ScheduleValidationError('expression', message));
  });

  it('accepts names and Sunday as 7', () => {
    expect(validateCronExpression('30 6 * JAN-MAR MON-FRI')).toBe('30 6 * JAN-MAR MON-FRI');
    expect(validateCronExpression('0 9 * * 7')).toBe('0 9 * * 7');
  });

  it('names an unknown zone', () => {
    expect(() => parseSchedule({ kind: 'cron', expression: '0 7 * * *', timeZone: 'Europe/Atlantis' })).toThrow(
      'timeZone: unknown time zone "Europe/Atlantis"',
    );
  });

  it('reads on-publish with an optional quiet period', () => {
    expect(parseSchedule({ kind: 'on-publish' })).toEqual({ kind: 'on-publish', quietPeriodMinutes: 0, maxWaitMinutes: 0 });
    expect(parseSchedule({ kind: 'on-publish', quietPeriodMinutes: 15 })).toMatchObject({ kind: 'on-publish', quietPeriodMinutes: 15 });
    expect(() => parseSchedule({ kind: 'on-publish', quietPeriodMinutes: 2.5 })).toThrow(/^quietPeriodMinutes: 2.5 must be/);
  });

  it('bounds the quiet window: three quiet periods by default, never shorter than one', () => {
    expect(parseSchedule({ kind: 'on-publish', quietPeriodMinutes: 15 })).toEqual({ kind: 'on-publish', quietPeriodMinutes: 15, maxWaitMinutes: 45 });
    expect(parseSchedule({ kind: 'on-publish', quietPeriodMinutes: 15, maxWaitMinutes: 15 })).toMatchObject({ maxWaitMinutes: 15 });
    expect(parseSchedule({ kind: 'on-publish', quietPeriodMinutes: 1440 })).toMatchObject({ maxWaitMinutes: 4320 });
    const invalid = (maxWaitMinutes: number, quietPeriodMinutes = 15) => () => parseSchedule({ kind: 'on-publish', quietPeriodMinutes, maxWaitMinutes });
    expect(invalid(14)).toThrow(new ScheduleValidationError('maxWaitMinutes', 'maxWaitMinutes: 14 must be a whole number from the quiet period (15) to 4320'));
    expect(invalid(4321)).toThrow(/^maxWaitMinutes: 4321 must be/);
    expect(invalid(20.5)).toThrow(/^maxWaitMinutes: 20.5 must be/);
  });

  it('reads a one-off time only with an explicit offset', () => {
    expect(parseSchedule({ kind: 'at', at: '2026-12-01T07:00:00+01:00' })).toEqual({
      kind: 'at',
      at: new Date('2026-12-01T06:00:00Z'),
    });
    expect(() => parseSchedule({ kind: 'at', at: '2026-12-01T07:00:00' })).toThrow(/^at: "2026-12-01T07:00:00" is not an ISO 8601 time with offset/);
    expect(() => parseSchedule({ kind: 'at', at: '2026-13-01T07:00:00Z' })).toThrow(/^at: /);
  });
});
