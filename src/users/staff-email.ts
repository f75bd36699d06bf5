import validator from 'validator';

/** Staff addresses: trimmed, at most 254 characters, a plausible address. Case is kept for display. */
export function readStaffEmail(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const email = value.trim();
  if (email.length === 0 || email.length > 254) return null;
  return validator.isEmail(email, { allow_utf8_local_part: false }) ? email : null;
}

/** A person's name as shown in the console: trimmed, 1–200 characters, no control characters. */
export function readStaffName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim();
  // eslint-disable-next-line no-control-regex
  if (name.length === 0 || name.length > 200 || /[\u0000-\u001f\u007f-\u009f]/u.test(name)) return null;
  return name;
}
