import { BadRequestException } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';

/**
 * Fields of a console form that failed, by field name. The screen turns each into a sentence from
 * its message catalogue (German first), so a problem always names the field the editor sees.
 */
export type FieldProblems = Record<string, string>;

/**
 * Validates a form's values with the API's own DTO class (the same rules as `/api`, no second
 * copy): returns the fields that fail, empty when the values may be passed to the service.
 */
export async function dtoProblems<T extends object>(dto: ClassConstructor<T>, values: object): Promise<{ value: T; failed: string[] }> {
  const value = plainToInstance(dto, values);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  return { value, failed: errors.map((error) => error.property) };
}

/**
 * A service's 400 answers name their field first ("url: …", "headers.x must …",
 * "boilerplatePatterns[2] is …"); returns that field and the service's own words, or null when the
 * error is something else.
 */
export function serviceFieldProblem(error: unknown, fields: readonly string[]): { field: string; detail: string } | null {
  if (!(error instanceof BadRequestException)) return null;
  const response = error.getResponse();
  const raw = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
  const messages = (Array.isArray(raw) ? raw : [raw]).filter((m): m is string => typeof m === 'string');
  for (const message of messages) {
    const field = fields.find((name) => message.startsWith(name) && /^[\s:.[]/u.test(message.slice(name.length)));
    if (field) return { field, detail: message };
  }
  return null;
}
