import { encode, wrap } from 'nodemailer/lib/qp';

/** Body text already quoted-printable encoded (RFC 2045), sent as it is. */
export interface EncodedText {
  readonly quotedPrintable: string;
}

/** Literal text, or a slot filled per message (`token` is what an unfilled slot shows). */
export type TemplateSegment<Slot extends string> = string | { readonly placeholder: Slot; readonly token: string };

type Piece<Slot extends string> = string | { readonly slot: Slot; readonly unfilled: string };

const LINE_LENGTH = 76;
/** `=` at the end of a line: a soft line break, which a decoder removes. */
const SOFT_BREAK = '=\r\n';

function encodeText(text: string): string {
  return wrap(encode(text.replace(/\r?\n/g, '\r\n')), LINE_LENGTH);
}

/**
 * A text body encoded as quoted-printable once, with per-message values spliced in. Encoding a
 * 60 KB digest for every reader was the largest cost of a send; a value instead sits between two
 * soft line breaks, so every piece starts at column 0 and pieces encoded apart join into valid
 * quoted-printable (lines ≤ 76) that decodes to exactly the filled-in text.
 */
export class QuotedPrintableTemplate<Slot extends string> {
  private constructor(private readonly pieces: readonly Piece<Slot>[]) {}

  static compile<Slot extends string>(segments: readonly TemplateSegment<Slot>[]): QuotedPrintableTemplate<Slot> {
    return new QuotedPrintableTemplate(
      segments.map((segment) =>
        typeof segment === 'string' ? encodeText(segment) : { slot: segment.placeholder, unfilled: encodeText(segment.token) },
      ),
    );
  }

  fill(values: Readonly<Partial<Record<Slot, string>>>): EncodedText {
    let body = '';
    for (const piece of this.pieces) {
      if (typeof piece === 'string') {
        body += piece;
        continue;
      }
      const value = values[piece.slot];
      body += `${SOFT_BREAK}${value === undefined ? piece.unfilled : encodeText(value)}${SOFT_BREAK}`;
    }
    return { quotedPrintable: body };
  }
}
