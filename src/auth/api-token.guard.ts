import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiTokensService } from './api-tokens.service.js';
import { PUBLIC_ROUTE, REQUIRED_ROLE, satisfiesRole, type Principal, type Role } from './roles.js';

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Global guard: every route needs a bearer token unless marked public. Secure by default, so a
 * new controller that forgets a decorator is admin-only rather than open.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const secret = bearerToken(request.headers.authorization);
    if (!secret) throw new UnauthorizedException('missing bearer token (Authorization: Bearer <token>)');
    const principal = await this.tokens.authenticate(secret);
    if (!principal) throw new UnauthorizedException('invalid or revoked token');
    const required = this.reflector.getAllAndOverride<Role>(REQUIRED_ROLE, targets) ?? 'admin';
    if (!satisfiesRole(principal.role, required)) {
      throw new ForbiddenException(`this route needs the ${required} role; the token has ${principal.role}`);
    }
    request.principal = principal;
    return true;
  }
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}
