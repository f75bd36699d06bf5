import { FeedParseError } from './feed-parse-error.js';
import { FetchError } from './fetch-error.js';
import { termsFromNames, type NormalizedArticle } from './normalized-article.js';
import { announceCutoff, applyTagFilter, failureReason, MAX_BACKOFF_MS, nextPollDelayMs, summarizeWarnings } from './poll-policy.js';
import { SourceDataError } from './source-data-error.js';

describe('poll policy', () => {
  it('doubles the interval per consecutive failure up to a cap', () => {
    expect(nextPollDelayMs(300, 0)).toBe(300_000);
    expect(nextPollDelayMs(300, 1)).toBe(600_000);
    expect(nextPollDelayMs(300, 3)).toBe(2_400_000);
    expect(nextPollDelayMs(300, 50)).toBe(MAX_BACKOFF_MS);
    expect(nextPollDelayMs(86_400, 2)).toBe(86_400_000);
  });

  it('announces nothing on the first sync and allows a clock-skew margin afterwards', () => {
    expect(announceCutoff(null)).toBeUndefined();
    expect(announceCutoff(new Date('2026-11-24T10:00:00Z'))).toEqual(new Date('2026-11-24T09:55:00Z'));
  });

  it('keeps articles with any tag of the filter', () => {
    const article = (tags: string[]) => ({ tags: termsFromNames(tags) }) as NormalizedArticle;
    const list = [article(['Huawei']), article(['Apple']), article(['USA', 'Huawei'])];
    expect(applyTagFilter(list, ['huawei'])).toEqual([list[0], list[2]]);
    expect(applyTagFilter(list, null)).toHaveLength(3);
  });

  it('names the reason of each failure kind', () => {
    expect(failureReason(new FetchError('http-status', 'HTTP 503', 'http://x', 503))).toBe('HTTP 503');
    expect(failureReason(new FeedParseError('got an HTML page instead of a feed'))).toBe('got an HTML page instead of a feed');
    expect(failureReason(new SourceDataError('posts[0].title', 'expected object'))).toBe('bad data: posts[0].title: expected object');
  });
});

describe('summarizeWarnings', () => {
  it('keeps the first warnings and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => `w${i}`);
    expect(summarizeWarnings(many)).toHaveLength(21);
    expect(summarizeWarnings(many).at(-1)).toBe('… and 5 more');
    expect(summarizeWarnings(['a'])).toEqual(['a']);
  });
});
