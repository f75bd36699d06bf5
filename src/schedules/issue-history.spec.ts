import type { IssueSummary } from './issue-gateway.js';
import { mergeHistory } from './issue-history.js';
import type { SlotRow } from './schedules.schema.js';

const slot = (values: Partial<SlotRow>): SlotRow => ({
  id: 's',
  newsletterId: 'n',
  scheduleId: null,
  slotKey: 'k',
  slotAt: new Date('2026-05-01T05:00:00Z'),
  catchUp: false,
  status: 'skipped',
  reason: null,
  issueId: null,
  articleCount: null,
  expiresAt: null,
  createdAt: new Date('2026-05-01T05:00:01Z'),
  updatedAt: new Date('2026-05-01T05:00:01Z'),
  ...values,
});

const issue = (values: Partial<IssueSummary>): IssueSummary => ({
  issueId: 'i',
  slotKey: null,
  status: 'sent',
  subject: 'Digest',
  articleCount: 4,
  createdAt: new Date('2026-05-02T05:00:01Z'),
  sendingStartedAt: null,
  finishedAt: null,
  stats: { sent: 3 },
  ...values,
});

describe('mergeHistory', () => {
  it('joins issues with the slots that built them, keeps slots without issues, newest first', () => {
    const history = mergeHistory(
      [issue({ issueId: 'scheduled', slotKey: 'b' }), issue({ issueId: 'manual', slotKey: 'manual:x', articleCount: 2, createdAt: new Date('2026-05-03T10:00:00Z') })],
      [
        slot({ slotKey: 'a', reason: '0 new article(s), minimum 1' }),
        slot({ slotKey: 'b', slotAt: new Date('2026-05-02T05:00:00Z'), status: 'fired', issueId: 'scheduled', articleCount: 4 }),
      ],
    );
    expect(history.map((e) => [e.kind, e.issueId, e.slotKey, e.status, e.reason, e.articleCount])).toEqual([
      ['issue', 'manual', 'manual:x', 'sent', null, 2], // send-now: no slot, the count is the issue's
      ['issue', 'scheduled', 'b', 'sent', null, 4],
      ['slot', null, 'a', 'skipped', '0 new article(s), minimum 1', null],
    ]);
  });

  it('shows a slot whose issue the other side no longer lists as a slot entry', () => {
    expect(mergeHistory([], [slot({ status: 'expired', issueId: 'gone' })])).toEqual([expect.objectContaining({ kind: 'slot', issueId: 'gone', status: 'expired' })]);
  });
});
