import { z } from 'zod';
import { findNulCharacter, NUL_CHARACTER_REASON, removeNulCharacters } from '#src/validation/nul-character.js';

export type BounceProvider = 'generic' | 'ses' | 'postmark';

/** A provider-neutral bounce or complaint. */
export interface BounceEvent {
  readonly type: 'bounce' | 'complaint';
  readonly email: string;
  /** Only for bounces. */
  readonly kind?: 'hard' | 'soft';
  readonly reason?: string;
}

export interface BounceWebhookResult {
  readonly events: BounceEvent[];
  /** Set for an SNS SubscriptionConfirmation: the caller must GET it once to start receiving. */
  readonly confirmSubscriptionUrl?: string;
}

export class BounceWebhookError extends Error {
  constructor(readonly field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.name = 'BounceWebhookError';
  }
}

const fieldName = (prefix: string, path: readonly PropertyKey[] = []): string => [prefix, ...path.map(String)].filter(Boolean).join('.') || '(body)';

/**
 * Parses with `schema`, then refuses a NUL (U+0000) left in any field it kept: PostgreSQL cannot
 * store one, and in an address or a classification it is never genuine. Free text is cleaned
 * by its schema (diagnosticText) before this check; fields the schema drops are never looked at.
 */
function parse<S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) {
    const nulAt = findNulCharacter(result.data);
    if (nulAt !== undefined) throw new BounceWebhookError(fieldName(prefix, [nulAt]), NUL_CHARACTER_REASON);
    return result.data;
  }
  const issue = result.error.issues[0];
  throw new BounceWebhookError(fieldName(prefix, issue?.path), issue?.message ?? 'invalid');
}

/**
 * What a remote MTA or provider wrote to explain a bounce. A NUL in it is removed rather than
 * refused: the text is only kept for people to read, and refusing the notification would lose a
 * real bounce — a hard bounce must suppress its address whatever stray byte the diagnostic holds.
 */
const diagnosticText = z.string().transform(removeNulCharacters);

// Checked before z.email() so the answer says what is wrong with the address.
const email = z
  .string()
  .refine((value) => findNulCharacter(value) === undefined, { message: NUL_CHARACTER_REASON, abort: true })
  .trim()
  .toLowerCase()
  .pipe(z.email());

// A bounce without `kind` counts as soft: one unclear report must not cost a reader; repeated
// soft bounces within the window still suppress.
const genericEvent = z.object({
  type: z.enum(['bounce', 'complaint']),
  email,
  kind: z.enum(['hard', 'soft']).optional(),
  reason: diagnosticText.optional(),
});

function parseGeneric(body: unknown): BounceEvent[] {
  // Parsed by shape (not a zod union) so an error names the field rather than "invalid input".
  const events = Array.isArray(body) ? parse(z.array(genericEvent), body, '') : [parse(genericEvent, body, '')];
  return events.map((e) =>
    e.type === 'bounce' ? { ...e, kind: e.kind ?? 'soft' } : { type: e.type, email: e.email, reason: e.reason },
  );
}

const snsEnvelope = z.object({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  Message: z.string(),
  SubscribeURL: z.string().url().optional(),
});

const sesMessage = z.object({
  notificationType: z.string().optional(),
  eventType: z.string().optional(),
  bounce: z
    .object({
      bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
      bounceSubType: diagnosticText.optional(),
      bouncedRecipients: z.array(z.object({ emailAddress: email, diagnosticCode: diagnosticText.optional() })).min(1),
    })
    .optional(),
  complaint: z
    .object({
      complainedRecipients: z.array(z.object({ emailAddress: email })).min(1),
      complaintFeedbackType: diagnosticText.optional(),
    })
    .optional(),
});

function sesEvents(message: z.infer<typeof sesMessage>): BounceEvent[] {
  const type = message.notificationType ?? message.eventType;
  if (type === 'Bounce') {
    const bounce = parse(sesMessage.shape.bounce.unwrap(), message.bounce, 'Message.bounce');
    const kind = bounce.bounceType === 'Permanent' ? 'hard' : 'soft';
    return bounce.bouncedRecipients.map((r) => ({
      type: 'bounce',
      email: r.emailAddress,
      kind,
      reason: r.diagnosticCode ?? [bounce.bounceType, bounce.bounceSubType].filter(Boolean).join('/'),
    }));
  }
  if (type === 'Complaint') {
    const complaint = parse(sesMessage.shape.complaint.unwrap(), message.complaint, 'Message.complaint');
    return complaint.complainedRecipients.map((r) => ({
      type: 'complaint',
      email: r.emailAddress,
      reason: complaint.complaintFeedbackType,
    }));
  }
  return []; // Delivery, Send, Open, …: not our business here.
}

function parseSes(body: unknown): BounceWebhookResult {
  const envelope = parse(snsEnvelope, body, '');
  if (envelope.Type === 'SubscriptionConfirmation') {
    if (!envelope.SubscribeURL) throw new BounceWebhookError('SubscribeURL', 'is missing');
    return { events: [], confirmSubscriptionUrl: envelope.SubscribeURL };
  }
  if (envelope.Type === 'UnsubscribeConfirmation') return { events: [] };
  let message: unknown;
  try {
    message = JSON.parse(envelope.Message);
  } catch {
    throw new BounceWebhookError('Message', 'is not valid JSON');
  }
  return { events: sesEvents(parse(sesMessage, message, 'Message')) };
}

const POSTMARK_HARD = new Set(['HardBounce', 'BadEmailAddress', 'ManuallyDeactivated']);
const POSTMARK_SOFT = new Set(['Transient', 'SoftBounce', 'DnsError', 'Blocked', 'Unknown']);

const postmarkBounce = z.object({
  RecordType: z.enum(['Bounce', 'SpamComplaint']),
  Type: z.string().min(1),
  Email: email,
  Description: diagnosticText.optional(),
  Details: diagnosticText.optional(),
});

function parsePostmark(body: unknown): BounceEvent[] {
  const record = parse(postmarkBounce, body, '');
  const reason = record.Details || record.Description || record.Type;
  if (record.RecordType === 'SpamComplaint' || record.Type === 'SpamComplaint') {
    return [{ type: 'complaint', email: record.Email, reason }];
  }
  if (POSTMARK_HARD.has(record.Type)) return [{ type: 'bounce', email: record.Email, kind: 'hard', reason }];
  if (POSTMARK_SOFT.has(record.Type)) return [{ type: 'bounce', email: record.Email, kind: 'soft', reason }];
  return []; // AutoResponder, Subscribe, ChallengeVerification, …: not a delivery problem.
}

/** Normalises a provider's bounce/complaint notification; errors name the offending field. */
export function parseBounceWebhook(provider: BounceProvider, body: unknown): BounceWebhookResult {
  switch (provider) {
    case 'generic':
      return { events: parseGeneric(body) };
    case 'ses':
      return parseSes(body);
    case 'postmark':
      return { events: parsePostmark(body) };
  }
}
