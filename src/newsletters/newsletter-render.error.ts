import { UnprocessableEntityException } from '@nestjs/common';
import { RenderInputError } from '#src/rendering/rendering-errors.js';
import type { NewsletterRow } from './newsletters.schema.js';

/**
 * A newsletter whose stored settings or articles cannot be rendered (a footer saved before it was
 * required, an article without a title). The editor's mistake to fix, not the server's: a 422
 * naming the newsletter and the field, wherever the render was asked for (preview, test-send,
 * send-now, a scheduled build).
 */
export class NewsletterRenderError extends UnprocessableEntityException {
  constructor(
    readonly newsletter: Pick<NewsletterRow, 'id' | 'slug'>,
    readonly field: string,
    reason: string,
  ) {
    const fix = field.startsWith('articles') ? '' : ` (fix it with PATCH /api/newsletters/${newsletter.id})`;
    super({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: [`newsletter "${newsletter.slug}" cannot be rendered: ${field}: ${reason}${fix}`],
      newsletterId: newsletter.id,
      field,
    });
  }

  /** Re-raises a renderer's input error in the newsletter's terms; anything else unchanged. */
  static from(error: unknown, newsletter: Pick<NewsletterRow, 'id' | 'slug'>): unknown {
    if (!(error instanceof RenderInputError)) return error;
    const field = error.field.replace(/^newsletter\./, '');
    return new NewsletterRenderError(newsletter, field, error.message.slice(error.field.length + 2));
  }
}
