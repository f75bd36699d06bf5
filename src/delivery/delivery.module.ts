import { Module } from '@nestjs/common';
import { NewslettersModule } from '#src/newsletters/newsletters.module.js';
import { DeliveryHistory } from '#src/subscribers/delivery-history.js';
import { BounceEventsRepository } from './bounces/bounce-events.repository.js';
import { DeliveryOverviewService } from './delivery-overview.service.js';
import { BounceService } from './bounces/bounce.service.js';
import { BouncesController } from './bounces/bounces.controller.js';
import { SnsMessageVerifier } from './bounces/sns-message-verifier.js';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryCountsRepository } from './delivery-counts.repository.js';
import { DeliveryBatchProcessor } from './delivery-batch.processor.js';
import { DeliveryOutcomes } from './delivery-outcomes.js';
import { DeliveryWakeup } from './delivery-wakeup.js';
import { DeliveryWorker } from './delivery.worker.js';
import { IssueCompletion } from './issue-completion.js';
import { IssueContextCache } from './issue-context.cache.js';
import { IssueSender } from './issue-sender.js';
import { IssueFailures } from './issue-failures.js';
import { IssueStatsService } from './issue-stats.service.js';
import { LedgerWriter } from './ledger-writer.js';
import { IssuesController } from './issues.controller.js';
import { LedgerDeliveryHistory } from './ledger-delivery-history.js';
import { EncodedIssueBodies } from './encoded-issue-bodies.js';
import { MessageComposer } from './message-composer.js';
import { RecipientResolver } from './recipient-resolver.js';
import { ResolveRecipientsProcessor } from './resolve-recipients.processor.js';
import { SendRateLimiter } from './send-rate-limiter.js';
import { SendRateRepository } from './send-rate.repository.js';
import { WorkerFailover } from './worker-failover.js';

/**
 * The delivery ledger, its workers, issue sending and bounces. Needs the SubscriberDirectory port;
 * offers DeliveryHistory to subscribers (bound app-wide by feature-ports.module.ts).
 */
@Module({
  imports: [NewslettersModule],
  controllers: [IssuesController, BouncesController],
  providers: [
    DeliveriesRepository,
    DeliveryCountsRepository,
    SendRateRepository,
    SendRateLimiter,
    EncodedIssueBodies,
    MessageComposer,
    IssueContextCache,
    IssueCompletion,
    LedgerWriter,
    DeliveryOutcomes,
    DeliveryBatchProcessor,
    DeliveryWakeup,
    DeliveryWorker,
    RecipientResolver,
    ResolveRecipientsProcessor,
    WorkerFailover,
    IssueSender,
    IssueStatsService,
    IssueFailures,
    BounceEventsRepository,
    BounceService,
    DeliveryOverviewService,
    SnsMessageVerifier,
    { provide: DeliveryHistory, useClass: LedgerDeliveryHistory },
  ],
  exports: [IssueSender, IssueStatsService, IssueFailures, DeliveryHistory, DeliveryOverviewService],
})
export class DeliveryModule {}
