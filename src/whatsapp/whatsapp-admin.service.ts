import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { listPostableChannels, type PostableChannel } from './channel-resolver.js';
import { toError, WhatsAppNotReadyError } from './whatsapp-errors.js';
import type { WhatsAppSession } from './whatsapp-session.js';
import { WhatsAppSessionHost, type WhatsAppStatusView } from './whatsapp-session.host.js';

/** Status, login and channel list for admins. */
@Injectable()
export class WhatsAppAdminService {
  constructor(private readonly host: WhatsAppSessionHost) {}

  status(): Promise<WhatsAppStatusView> {
    return this.host.status();
  }

  qrPng(): Promise<Buffer | null> {
    return this.host.qrPng();
  }

  async pairingCode(phone: string): Promise<string> {
    const session = await this.localSession('pairing by phone number');
    try {
      return await session.requestPairingCode(phone);
    } catch (err) {
      if (err instanceof WhatsAppNotReadyError) throw new ConflictException(err.message);
      const message = toError(err).message;
      if (message.startsWith('phoneNumber:')) throw new BadRequestException(message.replace(/^phoneNumber:/, 'phone:'));
      throw err;
    }
  }

  async channels(): Promise<PostableChannel[]> {
    const session = await this.localSession('listing channels');
    if (session.snapshot().status !== 'ready') {
      throw new ConflictException(`WhatsApp is not ready (status: ${session.snapshot().status})`);
    }
    return listPostableChannels(session.readyClient());
  }

  /** Pairing and channel lists need the live client, which only the session's process has. */
  private async localSession(what: string): Promise<WhatsAppSession> {
    const session = this.host.localSession();
    if (session) return session;
    const view = await this.host.status();
    if (view.status === 'disabled') throw new ConflictException(`WhatsApp is disabled (WHATSAPP_ENABLED=false): ${what} is unavailable`);
    throw new ConflictException(
      `${what} needs the process running the WhatsApp session (${view.holder ?? 'none'}); ask that process (ROLE=all) directly`,
    );
  }
}
