import { NUL_CHARACTER_REASON } from './nul-character.js';

/** What is wrong with one field of a request, and where: `field` is a dotted path (`footer.imprint`). */
export interface InputProblem {
  readonly field: string;
  readonly message: string;
}

export const ILL_FORMED_UNICODE_REASON = 'must be well-formed Unicode (no lone surrogate halves)';

/**
 * Keys that name the prototype machinery. JSON.parse makes them ordinary own properties, which
 * class-transformer and the whitelist do not see as unknown; a body carrying them is refused like
 * any other unknown key, wherever it sits.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A UTF-16 surrogate that is not half of a pair: JSON allows it, UTF-8 and the validators do not. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * The first problem in a request value (body, query or route parameters): a NUL character
 * (PostgreSQL cannot store it), ill-formed Unicode (encoders and validators throw on it) or a
 * prototype key. Iterative, so a deeply nested value cannot overflow the stack.
 */
export function findInputProblem(value: unknown, prefix = ''): InputProblem | undefined {
  const pending: [unknown, string][] = [[value, prefix]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, path] = next;
    if (typeof current === 'string') {
      const reason = stringProblem(current);
      if (reason) return { field: path, message: `${path}: ${reason}` };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], join(path, String(i))]);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const keyProblem = keyProblemAt(path, key);
        if (keyProblem) return keyProblem;
        pending.push([child, join(path, key)]);
      }
    }
  }
  return undefined;
}

function stringProblem(text: string): string | undefined {
  if (text.includes('\0')) return NUL_CHARACTER_REASON;
  if (LONE_SURROGATE.test(text)) return ILL_FORMED_UNICODE_REASON;
  return undefined;
}

function keyProblemAt(path: string, key: string): InputProblem | undefined {
  if (PROTOTYPE_KEYS.has(key)) {
    const field = join(path, key);
    return { field, message: `property ${field} should not exist` };
  }
  const reason = stringProblem(key);
  if (!reason) return undefined;
  // The key is stored too (jsonb maps such as a source's headers); shown escaped.
  const field = join(path, key.replaceAll('\0', '\\u0000').replace(/[\uD800-\uDFFF]/gu, (c) => `\\u${c.charCodeAt(0).toString(16)}`));
  return { field, message: `${field}: ${reason}` };
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
