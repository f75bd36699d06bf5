import { SetMetadata } from '@nestjs/common';

export type Role = 'admin' | 'editor';

/** Admins may do everything editors may. */
export const satisfiesRole = (held: Role, required: Role): boolean => held === 'admin' || held === required;

export const REQUIRED_ROLE = 'postbote:required-role';
export const PUBLIC_ROUTE = 'postbote:public-route';

/** The least role a route under /api needs; routes without it need `admin`. */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE, role);

/** A route outside /api that authenticates otherwise (signed links, webhook signatures) or not at all. */
export const PublicRoute = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export interface Principal {
  tokenId: string | null;
  name: string;
  role: Role;
}
