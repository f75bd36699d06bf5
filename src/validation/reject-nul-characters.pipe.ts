import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { findNulCharacter, NUL_CHARACTER_REASON } from './nul-character.js';

/**
 * Global: a NUL anywhere in a request's body, query or route parameters is a 400 naming the
 * field, for every route and DTO at once. Runs before the ValidationPipe; custom parameter
 * decorators (the principal) are left alone. Routes that must authenticate the body before
 * judging it (signed webhooks) read it from the request, not with @Body(), and check it themselves.
 */
@Injectable()
export class RejectNulCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const field = findNulCharacter(value, metadata.data ?? '');
    if (field !== undefined) throw new BadRequestException([`${field || metadata.type}: ${NUL_CHARACTER_REASON}`]);
    return value;
  }
}
