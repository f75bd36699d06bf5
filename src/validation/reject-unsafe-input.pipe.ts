import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { findInputProblem } from './input-problems.js';

/**
 * Global: a NUL character, ill-formed Unicode or a prototype key (`__proto__`) anywhere in a
 * request's body, query or route parameters is a 400 naming the field, for every route and DTO
 * at once. Runs before the ValidationPipe; custom parameter decorators (the principal) are left
 * alone. Routes that must authenticate the body before judging it (signed webhooks) read it from
 * the request, not with @Body(), and check it themselves.
 */
@Injectable()
export class RejectUnsafeInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problem = findInputProblem(value, metadata.data ?? '');
    if (problem) throw new BadRequestException([problem.field ? problem.message : `${metadata.type}${problem.message}`]);
    return value;
  }
}
