import { Injectable } from '@nestjs/common';
import type { Principal } from '#src/auth/roles.js';
import { Clock } from '#src/system/clock.js';
import { AuditRepository, type AuditQuery } from './audit.repository.js';
import type { AuditRow } from './audit.schema.js';

export interface AuditTarget {
  type: string;
  id: string;
}

export interface AuditPage {
  items: AuditRow[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** The audit log: other features call `record` for every action a person takes. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: Clock,
  ) {}

  async record(actor: Principal, action: string, target: AuditTarget, details: Record<string, unknown> = {}): Promise<void> {
    await this.audit.append({
      actorTokenId: actor.tokenId,
      actorName: actor.name,
      actorRole: actor.role,
      action,
      targetType: target.type,
      targetId: target.id,
      details,
      createdAt: this.clock.now(),
    });
  }

  /** An action by someone not (yet) known, such as a failed login: the name is what they typed. */
  async recordAnonymous(name: string, action: string, target: AuditTarget, details: Record<string, unknown> = {}): Promise<void> {
    await this.audit.append({
      actorTokenId: null,
      actorName: name,
      actorRole: 'anonymous',
      action,
      targetType: target.type,
      targetId: target.id,
      details,
      createdAt: this.clock.now(),
    });
  }

  async page(query: Omit<AuditQuery, 'before'> & { cursor?: string }): Promise<AuditPage> {
    const before = query.cursor === undefined ? undefined : Number(query.cursor);
    // One extra row tells whether another page follows without a count query.
    const rows = await this.audit.find({ ...query, before, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > query.limit && last ? String(last.id) : null };
  }
}
