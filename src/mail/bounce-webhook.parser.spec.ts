import { BounceWebhookError, parseBounceWebhook } from './bounce-webhook.parser.js';

function sns(message: object, type = 'Notification'): object {
  return { Type: type, MessageId: 'm-1', TopicArn: 'arn:aws:sns:eu-central-1:1:ses', Message: JSON.stringify(message) };
}

describe('parseBounceWebhook', () => {
  it('accepts the generic shape, one event or a list, defaulting an unspecified bounce to soft', () => {
    expect(parseBounceWebhook('generic', { type: 'bounce', email: ' Anna@Example.DE ', kind: 'hard', reason: '5.1.1' })).toEqual({
      events: [{ type: 'bounce', email: 'anna@example.de', kind: 'hard', reason: '5.1.1' }],
    });
    expect(
      parseBounceWebhook('generic', [
        { type: 'bounce', email: 'a@example.de' },
        { type: 'complaint', email: 'b@example.de' },
      ]).events,
    ).toEqual([
      { type: 'bounce', email: 'a@example.de', kind: 'soft' },
      { type: 'complaint', email: 'b@example.de', reason: undefined },
    ]);
  });

  it('names the bad field', () => {
    expect(() => parseBounceWebhook('generic', { type: 'bounce', email: 'not-an-address' })).toThrow(BounceWebhookError);
    expect(() => parseBounceWebhook('generic', { type: 'bounce', email: 'not-an-address' })).toThrow(/^email: /);
    expect(() => parseBounceWebhook('generic', { type: 'oops', email: 'a@example.de' })).toThrow(/^type: /);
    expect(() => parseBounceWebhook('postmark', { RecordType: 'Bounce', Type: 'HardBounce' })).toThrow(/^Email: /);
    expect(() => parseBounceWebhook('ses', { Type: 'Notification', Message: '{' })).toThrow('Message: is not valid JSON');
    expect(() =>
      parseBounceWebhook('ses', sns({ notificationType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [{}] } })),
    ).toThrow(/^Message\.bounce\.bouncedRecipients\.0\.emailAddress: /);
  });

  it('reads Amazon SES bounces and complaints from SNS notifications', () => {
    const bounce = sns({
      notificationType: 'Bounce',
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        bouncedRecipients: [{ emailAddress: 'gone@example.net', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' }],
        timestamp: '2026-11-24T10:20:03.000Z',
      },
      mail: { messageId: 'x' },
    });
    expect(parseBounceWebhook('ses', bounce).events).toEqual([
      { type: 'bounce', email: 'gone@example.net', kind: 'hard', reason: 'smtp; 550 5.1.1 user unknown' },
    ]);
    const transient = sns({ eventType: 'Bounce', bounce: { bounceType: 'Transient', bounceSubType: 'MailboxFull', bouncedRecipients: [{ emailAddress: 'full@example.net' }] } });
    expect(parseBounceWebhook('ses', transient).events).toEqual([
      { type: 'bounce', email: 'full@example.net', kind: 'soft', reason: 'Transient/MailboxFull' },
    ]);
    const complaint = sns({ notificationType: 'Complaint', complaint: { complainedRecipients: [{ emailAddress: 'angry@example.net' }], complaintFeedbackType: 'abuse' } });
    expect(parseBounceWebhook('ses', complaint).events).toEqual([{ type: 'complaint', email: 'angry@example.net', reason: 'abuse' }]);
    expect(parseBounceWebhook('ses', sns({ notificationType: 'Delivery' })).events).toEqual([]);
  });

  it('hands back the SNS subscription confirmation URL', () => {
    const body = { Type: 'SubscriptionConfirmation', Message: 'You have chosen…', SubscribeURL: 'https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&Token=t' };
    expect(parseBounceWebhook('ses', body)).toEqual({ events: [], confirmSubscriptionUrl: body.SubscribeURL });
  });

  it('maps Postmark bounce types', () => {
    const postmark = (Type: string, RecordType = 'Bounce') =>
      parseBounceWebhook('postmark', { RecordType, Type, TypeCode: 1, Email: 'x@example.net', Description: 'd', Details: 'smtp;550 5.1.1' }).events;
    expect(postmark('HardBounce')).toEqual([{ type: 'bounce', email: 'x@example.net', kind: 'hard', reason: 'smtp;550 5.1.1' }]);
    expect(postmark('SoftBounce')[0]?.kind).toBe('soft');
    expect(postmark('SpamComplaint', 'SpamComplaint')[0]?.type).toBe('complaint');
    expect(postmark('AutoResponder')).toEqual([]);
  });
});
