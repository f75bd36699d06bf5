import { simpleParser, type Attachment } from 'mailparser';
import { findNulCharacter, NUL_CHARACTER_REASON, removeNulCharacters } from '#src/validation/nul-character.js';

export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

/** One recipient of an RFC 3464 delivery status notification that did not get the message. */
export interface DsnBounce {
  readonly recipient: string;
  readonly action: 'failed' | 'delayed';
  /** RFC 3463 status, e.g. `5.1.1`. */
  readonly status: string;
  readonly diagnostic?: string;
  /** hard: permanent failure (5.x.x); soft: delayed or a temporary cause. */
  readonly kind: 'hard' | 'soft';
}

export class DsnParseError extends Error {
  constructor(reason: string) {
    super(`DSN: ${reason}`);
    this.name = 'DsnParseError';
  }
}

const ACTIONS: readonly DsnAction[] = ['failed', 'delayed', 'delivered', 'relayed', 'expanded'];

/** Splits a delivery-status body into field groups (per-message first, then one per recipient). */
function fieldGroups(body: string): Array<Map<string, string>> {
  const unfolded = body.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  return unfolded
    .split(/\n\s*\n/)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      return fields;
    })
    .filter((fields) => fields.size > 0);
}

/** `rfc822; user@example.net` → `user@example.net`. */
function stripType(value: string): string {
  const semicolon = value.indexOf(';');
  return (semicolon >= 0 ? value.slice(semicolon + 1) : value).trim().replace(/^<|>$/g, '');
}

function toBounce(fields: Map<string, string>, index: number): DsnBounce | undefined {
  const where = `recipient group ${index + 1}`;
  const recipient = fields.get('final-recipient') ?? fields.get('original-recipient');
  const action = fields.get('action')?.toLowerCase().split(/\s/)[0] as DsnAction | undefined;
  const status = fields.get('status')?.split(/\s/)[0];
  if (!recipient) throw new DsnParseError(`${where}: Final-Recipient is missing`);
  if (findNulCharacter(recipient) !== undefined) throw new DsnParseError(`${where}: Final-Recipient ${NUL_CHARACTER_REASON}`);
  if (!action || !ACTIONS.includes(action)) throw new DsnParseError(`${where}: Action is missing or unknown`);
  if (!status || !/^[245]\.\d{1,3}\.\d{1,3}$/.test(status)) throw new DsnParseError(`${where}: Status is missing or malformed`);
  if (action !== 'failed' && action !== 'delayed') return undefined;
  const diagnostic = fields.get('diagnostic-code');
  return {
    recipient: stripType(recipient).toLowerCase(),
    action,
    status,
    // Removed, not refused (as in bounce-webhook.parser.ts): the diagnostic is for people to read, the bounce must count.
    diagnostic: diagnostic ? removeNulCharacters(stripType(diagnostic)) : undefined,
    kind: action === 'failed' && status.startsWith('5.') ? 'hard' : 'soft',
  };
}

function deliveryStatusPart(attachments: readonly Attachment[]): Attachment | undefined {
  return attachments.find((a) => a.contentType === 'message/delivery-status' || a.contentType === 'message/global-delivery-status');
}

/**
 * Parses a bounce message (multipart/report; report-type=delivery-status) and returns the
 * recipients that failed or are delayed; delivered/relayed/expanded entries are left out.
 */
export async function parseDsn(raw: Buffer | string): Promise<DsnBounce[]> {
  const parsed = await simpleParser(raw, { keepDeliveryStatus: true });
  const part = deliveryStatusPart(parsed.attachments);
  if (!part) throw new DsnParseError('no message/delivery-status part (not an RFC 3464 report)');
  const [, ...recipientGroups] = fieldGroups(part.content.toString('utf8'));
  if (recipientGroups.length === 0) throw new DsnParseError('the delivery-status part names no recipient');
  return recipientGroups.map(toBounce).filter((b): b is DsnBounce => b !== undefined);
}
