/**
 * PostgreSQL cannot store U+0000 in `text` or `jsonb` and fails the whole statement, so a NUL in
 * input would surface as a 500 (or sink a whole batch). Input from people and signed senders is
 * refused with this reason; text read from remote sources has the character removed instead.
 */
export const NUL_CHARACTER_REASON = 'must not contain the NUL character (U+0000)';

/**
 * Dotted path of the first string (or object key) inside `value` that contains U+0000, e.g.
 * `footer.imprint` or `tags.2`; `prefix` alone when `value` itself is such a string; undefined
 * when there is none. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findNulCharacter(value: unknown, prefix = ''): string | undefined {
  const pending: [unknown, string][] = [[value, prefix]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [current, path] = next;
    if (typeof current === 'string') {
      if (current.includes('\0')) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], join(path, String(i))]);
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        // The key is stored too (jsonb maps such as a source's headers); shown escaped.
        if (key.includes('\0')) return join(path, key.replaceAll('\0', '\\u0000'));
        pending.push([child, join(path, key)]);
      }
    }
  }
  return undefined;
}

/** The text without U+0000: for free text whose loss would cost more than the character. */
export function removeNulCharacters(text: string): string {
  return text.replaceAll('\0', '');
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
