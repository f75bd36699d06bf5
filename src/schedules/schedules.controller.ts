import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '#src/auth/current-principal.decorator.js';
import { RequireRole, type Principal } from '#src/auth/roles.js';
import { NextRunsQueryDto } from './dto/next-runs-query.dto.js';
import { ScheduleDto, toScheduleInput } from './dto/schedule.dto.js';
import type { ScheduleView } from './schedule-mapping.js';
import { SchedulesService, type NextRunsView } from './schedules.service.js';

@ApiTags('schedules')
@ApiBearerAuth()
@RequireRole('editor')
@Controller('api/newsletters/:newsletterId/schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Post()
  async create(@CurrentPrincipal() actor: Principal, @Param('newsletterId') newsletterId: string, @Body() body: ScheduleDto): Promise<ScheduleView> {
    return this.schedules.create(actor, newsletterId, toScheduleInput(body));
  }

  @Get()
  async list(@Param('newsletterId') newsletterId: string): Promise<ScheduleView[]> {
    return this.schedules.list(newsletterId);
  }

  @Get(':id')
  async get(@Param('newsletterId') newsletterId: string, @Param('id') id: string): Promise<ScheduleView> {
    return this.schedules.get(newsletterId, id);
  }

  @Put(':id')
  async replace(
    @CurrentPrincipal() actor: Principal,
    @Param('newsletterId') newsletterId: string,
    @Param('id') id: string,
    @Body() body: ScheduleDto,
  ): Promise<ScheduleView> {
    return this.schedules.replace(actor, newsletterId, id, toScheduleInput(body));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(@CurrentPrincipal() actor: Principal, @Param('newsletterId') newsletterId: string, @Param('id') id: string): Promise<void> {
    await this.schedules.delete(actor, newsletterId, id);
  }

  @Post(':id/pause')
  @HttpCode(200)
  async pause(@CurrentPrincipal() actor: Principal, @Param('newsletterId') newsletterId: string, @Param('id') id: string): Promise<ScheduleView> {
    return this.schedules.setPaused(actor, newsletterId, id, true);
  }

  @Post(':id/resume')
  @HttpCode(200)
  async resume(@CurrentPrincipal() actor: Principal, @Param('newsletterId') newsletterId: string, @Param('id') id: string): Promise<ScheduleView> {
    return this.schedules.setPaused(actor, newsletterId, id, false);
  }

  @Get(':id/next')
  async next(
    @Param('newsletterId') newsletterId: string,
    @Param('id') id: string,
    @Query() query: NextRunsQueryDto,
  ): Promise<NextRunsView> {
    return this.schedules.next(newsletterId, id, query.count ?? 5);
  }
}
