import { z } from 'zod';
import { SourceDataError } from './source-data-error.js';

const rendered = z.object({ rendered: z.string() });

// Embedded objects can be REST error objects (e.g. `rest_forbidden` for a private image), so every
// field is optional and checked where used.
const embeddedMedia = z.object({
  source_url: z.string().optional(),
  alt_text: z.string().optional(),
  caption: rendered.optional(),
});
const embeddedTerm = z.object({
  name: z.string().optional(),
  slug: z.string().optional(),
  taxonomy: z.string().optional(),
});

/** The fields Postbote reads from `GET /wp-json/wp/v2/posts?_embed` (others are ignored). */
export const wordpressPostSchema = z.object({
  id: z.number().int().positive(),
  date: z.string().nullish(),
  date_gmt: z.string().nullish(),
  modified_gmt: z.string().nullish(),
  status: z.string().default('publish'),
  link: z.url({ protocol: /^https?$/ }),
  title: rendered,
  content: rendered.optional(),
  excerpt: rendered.optional(),
  _embedded: z
    .object({
      author: z.array(z.object({ name: z.string().optional() })).optional(),
      'wp:featuredmedia': z.array(embeddedMedia).optional(),
      'wp:term': z.array(z.array(embeddedTerm)).optional(),
    })
    .optional(),
});

export type WordPressPost = z.infer<typeof wordpressPostSchema>;

/** Validates with zod and reports the first bad field by its path, e.g. `title.rendered`. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, prefix = ''): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  throw new SourceDataError(field, issue.message);
}
