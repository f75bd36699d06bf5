import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import validator from 'validator';

/** Route parameters that name a row: `:id`, `:newsletterId`, `:issueId`, … */
export function isIdParameter(name: string): boolean {
  return name === 'id' || /^[a-z][A-Za-z]*Id$/.test(name);
}

/**
 * Global: every id route parameter must be a UUID, or the request is a 400 naming it (PostgreSQL
 * would otherwise answer "invalid input syntax for type uuid", a 500). One rule by naming
 * convention, so a new route cannot forget it; test/e2e/route-ids.spec.ts walks every route.
 */
@Injectable()
export class ParseIdParamsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param') return value;
    if (metadata.data !== undefined) return checkId(metadata.data, value);
    // @Param() without a name hands over every parameter at once.
    if (typeof value === 'object' && value !== null) for (const [name, v] of Object.entries(value)) checkId(name, v);
    return value;
  }
}

function checkId(name: string, value: unknown): unknown {
  if (isIdParameter(name) && !(typeof value === 'string' && validator.isUUID(value))) throw new BadRequestException([`${name}: must be a UUID`]);
  return value;
}
