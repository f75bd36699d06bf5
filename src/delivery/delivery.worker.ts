import { setMaxListeners } from 'node:events';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, runsWorkers } from '#src/config/app-config.js';
import { WorkerIdentity } from '#src/system/worker-identity.js';
import { DeliveryBatchProcessor } from './delivery-batch.processor.js';
import { DeliveryWakeup } from './delivery-wakeup.js';

/**
 * Runs the delivery lanes of a worker process: DELIVERY_LANES_PER_CONNECTION × SMTP pool size, so
 * the pool stays busy while a lane writes its outcome; each lane has at most one message in
 * flight, which bounds the duplicates a `kill -9` can cause to the number of lanes.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Delivery');
  private readonly stop = new AbortController();
  private lanes: Promise<void>[] = [];

  constructor(
    private readonly processor: DeliveryBatchProcessor,
    private readonly identity: WorkerIdentity,
    private readonly wakeup: DeliveryWakeup,
    private readonly config: AppConfig,
  ) {}

  get laneCount(): number {
    return this.config.mail.maxConnections * this.config.delivery.lanesPerConnection;
  }

  onApplicationBootstrap(): void {
    if (!runsWorkers(this.config.role)) return;
    // Every idle lane listens on the stop signal; Node warns of a leak above 10 listeners.
    setMaxListeners(this.laneCount + 10, this.stop.signal);
    for (let lane = 0; lane < this.laneCount; lane++) this.lanes.push(this.runLane(`${this.identity.id}/${lane}`));
    const rate = this.config.delivery.ratePerSecond;
    this.logger.log(`delivery worker started: ${this.laneCount} lanes, global rate ${rate > 0 ? `${rate}/s` : 'unlimited'}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    await Promise.all(this.lanes);
  }

  private async runLane(owner: string): Promise<void> {
    const { signal } = this.stop;
    while (!signal.aborted) {
      let claimed = 0;
      try {
        claimed = await this.processor.processNext(owner, signal);
      } catch (error) {
        this.logger.error({ msg: 'delivery lane error; its claimed deliveries return after the lease', lane: owner, err: error });
      }
      if (claimed === 0 && !signal.aborted) await this.wakeup.idle(this.config.delivery.pollMs, signal);
    }
  }
}
