import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/** C0, DEL and C1 controls (U+0085 among them) plus the Unicode line and paragraph separators. */
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;

export interface ControlCharacterRule {
  /** Multi-line text (a postal address) keeps LF; CRLF from a browser's textarea becomes LF. */
  readonly lineBreaks?: 'allowed';
}

/** True when `text` holds a control character the rule does not allow. */
export function hasControlCharacters(text: string, rule: ControlCharacterRule = {}): boolean {
  return CONTROL_CHARACTERS.test(rule.lineBreaks === 'allowed' ? text.replaceAll('\n', '') : text);
}

/**
 * Text that ends up in mail headers, subjects or the legal footer must not carry control
 * characters: nodemailer encodes them safely, but they split headers in other tools and garble
 * what readers see. The same rule readers' names follow (subscriber-name.ts).
 */
export function NoControlCharacters(rule: ControlCharacterRule = {}, options?: ValidationOptions): PropertyDecorator {
  const validate = ValidateBy(
    {
      name: 'noControlCharacters',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacters(value, rule),
        defaultMessage: (args) =>
          rule.lineBreaks === 'allowed'
            ? `${args?.property ?? 'value'} must not contain control characters (line breaks are fine)`
            : `${args?.property ?? 'value'} must not contain control characters or line breaks`,
      },
    },
    options,
  );
  if (rule.lineBreaks !== 'allowed') return validate;
  const normalize = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replaceAll('\r\n', '\n') : value));
  return (target, key) => {
    normalize(target, key);
    validate(target, key);
  };
}
