/**
 * Recipient placeholders survive MJML, juice and html-to-text untouched because they are plain
 * ASCII word characters. They are filled per recipient by one string pass (see `personalise`).
 */
const PLACEHOLDER_NAMES = ['NAME', 'GREETING', 'UNSUBSCRIBE_URL', 'PREFERENCES_URL', 'CONFIRM_URL'] as const;
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];
const KNOWN_PLACEHOLDERS: ReadonlySet<string> = new Set(PLACEHOLDER_NAMES);

export function placeholder(name: PlaceholderName): string {
  return `__PB_${name}__`;
}

const PLACEHOLDER_PATTERN = /__PB_([A-Z_]+?)__/g;

/**
 * Breaks any placeholder-looking sequence in untrusted text (article titles, names), so that an
 * article titled "__PB_UNSUBSCRIBE_URL__" cannot pull recipient data into the wrong place.
 */
export function neutralisePlaceholders(value: string): string {
  return value.replace(/__PB_/g, '_\u200B_PB_');
}

/** Replaces every known placeholder in one pass; unknown ones are left visible on purpose. */
export function fillPlaceholders(
  template: string,
  values: Readonly<Partial<Record<PlaceholderName, string>>>,
): string {
  return template.replace(PLACEHOLDER_PATTERN, (token, name: string) => {
    const value = values[name as PlaceholderName];
    return value ?? token;
  });
}

/** A template cut at its placeholders: literal text, and the name of each known placeholder. */
export type TemplateSegment = string | { readonly placeholder: PlaceholderName; readonly token: string };

/**
 * Cuts a template at its known placeholders (unknown ones stay literal, as in fillPlaceholders),
 * so that work on the literal text, such as transfer encoding, is done once per template.
 */
export function placeholderSegments(template: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let literalFrom = 0;
  for (const match of template.matchAll(PLACEHOLDER_PATTERN)) {
    const name = match[1];
    if (!KNOWN_PLACEHOLDERS.has(name)) continue;
    if (match.index > literalFrom) segments.push(template.slice(literalFrom, match.index));
    segments.push({ placeholder: name as PlaceholderName, token: match[0] });
    literalFrom = match.index + match[0].length;
  }
  if (literalFrom < template.length) segments.push(template.slice(literalFrom));
  return segments;
}
