import { Injectable } from '@nestjs/common';
import { IssuesService } from '#src/newsletters/issues.service.js';
import { DeliveriesRepository, type IssueFailureRow } from './deliveries.repository.js';

export const MAX_LISTED_FAILURES = 200;

/** Who did not get an issue and what the mail server answered: the "why didn't it send?" list. */
@Injectable()
export class IssueFailures {
  constructor(
    private readonly issues: IssuesService,
    private readonly deliveries: DeliveriesRepository,
  ) {}

  async list(issueId: string, limit = 50): Promise<IssueFailureRow[]> {
    await this.issues.get(issueId);
    return this.deliveries.failuresOf(issueId, Math.min(Math.max(1, limit), MAX_LISTED_FAILURES));
  }
}
