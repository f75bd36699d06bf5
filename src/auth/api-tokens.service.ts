import { Injectable, NotFoundException } from '@nestjs/common';
import { AppConfig } from '#src/config/app-config.js';
import { constantTimeEquals, displayPrefix, generateTokenSecret, hashTokenSecret } from './api-token.secret.js';
import { ApiTokensRepository } from './api-tokens.repository.js';
import type { ApiTokenRow } from './api-tokens.schema.js';
import type { Principal, Role } from './roles.js';

export interface TokenSummary {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

// Writing last_used_at on every request would turn each read into a write; minute precision is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiTokensService {
  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly config: AppConfig,
  ) {}

  /** The secret is returned once and never stored. */
  async create(name: string, role: Role): Promise<{ token: string; summary: TokenSummary }> {
    const token = generateTokenSecret();
    const row = await this.tokens.create({ name, role, tokenHash: hashTokenSecret(token), prefix: displayPrefix(token) });
    return { token, summary: toSummary(row) };
  }

  async list(): Promise<TokenSummary[]> {
    return (await this.tokens.listAll()).map(toSummary);
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.tokens.revoke(id, new Date()))) throw new NotFoundException(`no active token with id ${id}`);
  }

  async authenticate(secret: string): Promise<Principal | null> {
    const bootstrap = this.config.bootstrapAdminToken;
    if (bootstrap && constantTimeEquals(secret, bootstrap)) return { tokenId: null, name: 'bootstrap', role: 'admin' };
    const row = await this.tokens.findActiveByHash(hashTokenSecret(secret));
    if (!row) return null;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.markUsed(row.id, now);
    }
    return { tokenId: row.id, name: row.name, role: row.role };
  }
}

function toSummary(row: ApiTokenRow): TokenSummary {
  const { id, name, role, prefix, createdAt, lastUsedAt, revokedAt } = row;
  return { id, name, role, prefix, createdAt, lastUsedAt, revokedAt };
}
