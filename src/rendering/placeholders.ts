/**
 * Recipient placeholders survive MJML, juice and html-to-text untouched because they are plain
 * ASCII word characters. They are filled per recipient by one string pass (see `personalise`).
 */
export type PlaceholderName = 'NAME' | 'GREETING' | 'UNSUBSCRIBE_URL' | 'PREFERENCES_URL' | 'CONFIRM_URL';

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
