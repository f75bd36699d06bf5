import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { parseChannelTarget, resolveChannelId } from './channel-resolver.js';
import type { WhatsAppClientPort } from './whatsapp-client.port.js';
import { toError, WhatsAppChannelTargetError } from './whatsapp-errors.js';
import { WhatsAppRepository } from './whatsapp.repository.js';
import type { WhatsAppPostMode, WhatsAppTargetRow } from './whatsapp.schema.js';
import { WhatsAppSessionHost } from './whatsapp-session.host.js';

export interface TargetView {
  newsletterId: string;
  target: string;
  channelId: string | null;
  mode: WhatsAppPostMode;
  enabled: boolean;
  resolveError: string | null;
}

const view = (row: WhatsAppTargetRow): TargetView => ({
  newsletterId: row.newsletterId,
  target: row.target,
  channelId: row.channelId,
  mode: row.mode,
  enabled: row.enabled,
  resolveError: row.resolveError,
});

/** The channel each newsletter posts to; invite codes are resolved by the session holder. */
@Injectable()
export class WhatsAppTargetsService {
  private readonly logger = new Logger('WhatsAppTargets');

  constructor(
    private readonly repository: WhatsAppRepository,
    private readonly host: WhatsAppSessionHost,
  ) {}

  async put(newsletterId: string, input: { target: string; mode: WhatsAppPostMode; enabled?: boolean }): Promise<TargetView> {
    let parsed;
    try {
      parsed = parseChannelTarget(input.target);
    } catch (err) {
      if (err instanceof WhatsAppChannelTargetError) throw new BadRequestException(`target: ${err.message}`);
      throw err;
    }
    const target = input.target.trim();
    await this.repository.upsertTarget({
      newsletterId,
      target,
      channelId: parsed.kind === 'id' ? parsed.id : null,
      mode: input.mode,
      enabled: input.enabled ?? true,
    });
    // Resolve right away when this process has a ready session; otherwise the holder does on ready.
    const client = this.host.localSession()?.snapshot().status === 'ready' ? this.host.localSession()?.readyClient() : undefined;
    if (parsed.kind === 'invite' && client) await this.resolve(client, newsletterId, target);
    return this.get(newsletterId);
  }

  async get(newsletterId: string): Promise<TargetView> {
    const row = await this.repository.findTarget(newsletterId);
    if (!row) throw new NotFoundException(`newsletter ${newsletterId} has no WhatsApp channel`);
    return view(row);
  }

  async remove(newsletterId: string): Promise<void> {
    if (!(await this.repository.deleteTarget(newsletterId))) {
      throw new NotFoundException(`newsletter ${newsletterId} has no WhatsApp channel`);
    }
  }

  /** Resolves every target still given as an invite code. */
  async resolvePending(client: WhatsAppClientPort): Promise<void> {
    for (const row of await this.repository.listUnresolvedTargets()) await this.resolve(client, row.newsletterId, row.target);
  }

  private async resolve(client: WhatsAppClientPort, newsletterId: string, target: string): Promise<void> {
    try {
      const channelId = await resolveChannelId(client, target);
      await this.repository.markTargetResolved(newsletterId, target, channelId, null);
    } catch (err) {
      const message = toError(err).message;
      this.logger.warn(`WhatsApp channel of newsletter ${newsletterId} not resolved: ${message}`);
      await this.repository.markTargetUnresolvable(newsletterId, target, message);
    }
  }
}
