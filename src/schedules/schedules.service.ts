import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '#src/audit/audit.service.js';
import type { Principal } from '#src/auth/roles.js';
import { Clock } from '#src/system/clock.js';
import { IssueGateway } from './issue-gateway.js';
import { nextRuns, type RunTime } from './next-runs.js';
import { specOf, valuesOf, viewOf, type ScheduleView } from './schedule-mapping.js';
import { ScheduleValidationError, type ScheduleInput } from './schedule-spec.js';
import { SchedulesRepository, type ScheduleValues } from './schedules.repository.js';
import type { ScheduleRow } from './schedules.schema.js';

export interface NextRunsView {
  scheduleId: string;
  timeZone: string;
  runs: RunTime[];
}

/** Editors' schedule management; every change is audited. */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly gateway: IssueGateway,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Principal, newsletterId: string, input: ScheduleInput): Promise<ScheduleView> {
    await this.assertNewsletter(newsletterId);
    const row = await this.schedules.create(newsletterId, this.validate(input), this.clock.now());
    await this.audit.record(actor, 'schedule.create', { type: 'schedule', id: row.id }, { newsletterId, input });
    return viewOf(row);
  }

  async list(newsletterId: string): Promise<ScheduleView[]> {
    return (await this.schedules.listForNewsletter(newsletterId)).map(viewOf);
  }

  async get(newsletterId: string, id: string): Promise<ScheduleView> {
    return viewOf(await this.require(newsletterId, id));
  }

  async replace(actor: Principal, newsletterId: string, id: string, input: ScheduleInput): Promise<ScheduleView> {
    const row = await this.schedules.replace(newsletterId, id, this.validate(input), this.clock.now());
    if (!row) throw this.notFound(id);
    await this.audit.record(actor, 'schedule.update', { type: 'schedule', id }, { newsletterId, input });
    return viewOf(row);
  }

  async setPaused(actor: Principal, newsletterId: string, id: string, paused: boolean): Promise<ScheduleView> {
    const row = await this.schedules.setPaused(newsletterId, id, paused, this.clock.now());
    if (!row) throw this.notFound(id);
    await this.audit.record(actor, paused ? 'schedule.pause' : 'schedule.resume', { type: 'schedule', id }, { newsletterId });
    return viewOf(row);
  }

  async delete(actor: Principal, newsletterId: string, id: string): Promise<void> {
    if (!(await this.schedules.delete(newsletterId, id))) throw this.notFound(id);
    await this.audit.record(actor, 'schedule.delete', { type: 'schedule', id }, { newsletterId });
  }

  async next(newsletterId: string, id: string, count: number): Promise<NextRunsView> {
    const row = await this.require(newsletterId, id);
    const spec = specOf(row);
    return { scheduleId: id, timeZone: spec.kind === 'cron' ? spec.timeZone : 'UTC', runs: nextRuns(spec, this.clock.now(), count) };
  }

  private validate(input: ScheduleInput): ScheduleValues {
    try {
      const values = valuesOf(input);
      if (values.at && values.at <= this.clock.now()) {
        throw new ScheduleValidationError('at', `at: ${values.at.toISOString()} is in the past`);
      }
      return values;
    } catch (error) {
      if (error instanceof ScheduleValidationError) {
        throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: [error.message], field: error.field });
      }
      throw error;
    }
  }

  private async assertNewsletter(newsletterId: string): Promise<void> {
    if (!(await this.gateway.newsletterSettings(newsletterId)).exists) throw new NotFoundException(`newsletter ${newsletterId} not found`);
  }

  private async require(newsletterId: string, id: string): Promise<ScheduleRow> {
    const row = await this.schedules.find(newsletterId, id);
    if (!row) throw this.notFound(id);
    return row;
  }

  private notFound(id: string): NotFoundException {
    return new NotFoundException(`schedule ${id} not found for this newsletter`);
  }
}
