/**
 * What a failed SMTP send means for the delivery:
 * - temporary: retry later (4xx, connection loss, timeouts, unknown local trouble)
 * - unknown-mailbox: 5.1.x on the recipient — reject and suppress the address
 * - policy: 5.7.x — reject but keep the reader; raise an alert (our reputation/DKIM/content)
 * - permanent: any other 5xx — reject, do not suppress
 */
export type SmtpErrorClass = 'temporary' | 'permanent' | 'unknown-mailbox' | 'policy';

// nodemailer's codes for network trouble: nothing the recipient did, so retry.
const TRANSIENT_CODES = new Set([
  'ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNRESET', 'ECONNREFUSED',
  'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPROTOCOL', 'EAUTH',
]);

// 5.1.7/5.1.8 are about OUR sender address: suppressing the reader would be wrong.
const SENDER_SIDE_5_1 = new Set(['5.1.7', '5.1.8']);

interface SmtpErrorLike {
  responseCode?: unknown;
  response?: unknown;
  code?: unknown;
  permanent?: unknown;
}

/** Enhanced status code (RFC 3463) from a server reply such as "550 5.1.1 <x@y>: unknown". */
export function enhancedStatus(response: string): string | undefined {
  return /(?:^|\s|-)([245]\.\d{1,3}\.\d{1,3})(?=\s|$)/.exec(response)?.[1];
}

function classifyEnhanced(status: string): SmtpErrorClass {
  if (status.startsWith('4.')) return 'temporary';
  if (status.startsWith('5.7.')) return 'policy';
  if (status.startsWith('5.1.') && !SENDER_SIDE_5_1.has(status)) return 'unknown-mailbox';
  return 'permanent';
}

export function classifySmtpError(error: unknown): SmtpErrorClass {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorLike;
  const response = typeof e.response === 'string' ? e.response : '';
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const status = enhancedStatus(response);
  // The basic reply code decides the class; the enhanced code refines a 5xx only.
  if (code !== undefined && code >= 400 && code < 500) return 'temporary';
  if (code !== undefined && code >= 500 && code < 600) {
    return status?.startsWith('5.') ? classifyEnhanced(status) : 'permanent';
  }
  if (status) return classifyEnhanced(status);
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return 'temporary';
  if (e.permanent === true) return 'permanent';
  return 'temporary';
}
