import { Injectable } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { DeliveriesRepository, type ClaimCheck, type SentMark } from './deliveries.repository.js';
import { GroupCommit } from './group-commit.js';

export interface ClaimsToConfirm {
  readonly owner: string;
  readonly ids: readonly number[];
}

interface LedgerRequest {
  readonly mark?: SentMark;
  readonly confirm?: ClaimsToConfirm;
}

/**
 * The per-message ledger writes of all lanes of a process, group-committed: a lane's "sent" mark
 * and its re-check of the next claims travel in one statement with those of the other lanes.
 * Each lane still waits for its own write before it sends again, so a crash can duplicate at
 * most the one message per lane that the SMTP server had in hand.
 */
@Injectable()
export class LedgerWriter {
  private readonly group = new GroupCommit<LedgerRequest, Set<number>>((requests) => this.write(requests), 500, 3);

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly config: AppConfig,
  ) {}

  /** Records the message as sent; with `confirmNext`, also re-checks those claims (see confirm). */
  markSent(mark: SentMark, confirmNext?: ClaimsToConfirm): Promise<Set<number>> {
    return this.group.submit({ mark, confirm: confirmNext });
  }

  /** Of these claimed ids, those still queued and leased to `owner` (their lease is extended). */
  confirm(owner: string, ids: readonly number[]): Promise<Set<number>> {
    return this.group.submit({ confirm: { owner, ids } });
  }

  private async write(requests: readonly LedgerRequest[]): Promise<Set<number>[]> {
    const marks = requests.flatMap((r) => (r.mark ? [r.mark] : []));
    const checks = requests.flatMap((r) => (r.confirm ? claimChecks(r.confirm) : []));
    const confirmed = await this.deliveries.markSentAndConfirm(marks, checks, this.config.delivery.leaseSeconds);
    return requests.map((r) => new Set(r.confirm?.ids.filter((id) => confirmed.has(id)) ?? []));
  }
}

function claimChecks({ owner, ids }: ClaimsToConfirm): ClaimCheck[] {
  return ids.map((id) => ({ id, owner }));
}
