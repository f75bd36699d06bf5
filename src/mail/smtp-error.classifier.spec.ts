import { classifySmtpError, enhancedStatus } from './smtp-error.classifier.js';

function smtpError(responseCode: number, response: string): Error {
  return Object.assign(new Error(`Can't send mail - all recipients were rejected: ${response}`), {
    code: 'EENVELOPE',
    responseCode,
    response,
  });
}

describe('classifySmtpError', () => {
  it.each([
    [smtpError(421, '421 4.7.0 Try again later, closing connection'), 'temporary'],
    [smtpError(451, '451 4.3.0 Temporary lookup failure'), 'temporary'],
    [smtpError(452, '452 Too many recipients'), 'temporary'],
    [smtpError(550, '550 5.1.1 <nobody@example.de>: Recipient address rejected: User unknown'), 'unknown-mailbox'],
    [smtpError(550, '550-5.1.1 The email account that you tried to reach does not exist.'), 'unknown-mailbox'],
    [smtpError(553, '553 5.1.3 Bad recipient address syntax'), 'unknown-mailbox'],
    [smtpError(550, '550 5.1.8 Sender address rejected: Domain not found'), 'permanent'],
    [smtpError(554, '554 5.7.1 Service unavailable; client host blocked'), 'policy'],
    [smtpError(550, '550 5.7.26 Unauthenticated email is not accepted'), 'policy'],
    [smtpError(552, '552 5.3.4 Message size exceeds fixed limit'), 'permanent'],
    [smtpError(550, '550 Mailbox unavailable'), 'permanent'],
  ] as const)('%s → %s', (error, expected) => {
    expect(classifySmtpError(error)).toBe(expected);
  });

  it('treats connection loss and timeouts as temporary', () => {
    expect(classifySmtpError(Object.assign(new Error('Connection closed'), { code: 'ECONNECTION' }))).toBe('temporary');
    expect(classifySmtpError(Object.assign(new Error('Timeout'), { code: 'ETIMEDOUT' }))).toBe('temporary');
    expect(classifySmtpError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('temporary');
  });

  it('trusts the reply code over a contradicting enhanced code', () => {
    expect(classifySmtpError(smtpError(450, '450 5.1.1 odd server'))).toBe('temporary');
  });

  it('falls back to nodemailer\'s permanent flag, and to temporary for anything unknown', () => {
    expect(classifySmtpError(Object.assign(new Error('x'), { code: 'EENVELOPE', permanent: true }))).toBe('permanent');
    expect(classifySmtpError(new Error('something odd'))).toBe('temporary');
    expect(classifySmtpError('a string')).toBe('temporary');
  });
});

describe('enhancedStatus', () => {
  it('finds the RFC 3463 code in single and multi-line replies', () => {
    expect(enhancedStatus('550 5.1.1 User unknown')).toBe('5.1.1');
    expect(enhancedStatus('550-5.7.26 policy')).toBe('5.7.26');
    expect(enhancedStatus('250 Ok queued as 1.2.3.4')).toBeUndefined();
  });
});
