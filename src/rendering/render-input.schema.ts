import { z } from 'zod';
import { RenderInputError } from './rendering-errors.js';

const webUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');
const text = z.string().trim().min(1, 'must not be empty');

export const footerSchema = z.object({
  imprint: text,
  responsibleEditor: text,
  affiliateDisclosure: z.string().optional(),
});

export const digestArticleSchema = z.object({
  title: text,
  url: webUrl,
  excerpt: z.string(),
  imageUrl: webUrl.optional(),
  imageAlt: z.string().optional(),
  imageCredit: z.string().optional(),
  publishedAt: z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date'),
});

export const compileIssueSchema = z.object({
  newsletter: z.object({
    name: text,
    slug: text,
    locale: z.enum(['de', 'en']),
    subjectTemplate: text,
    footer: footerSchema,
    archiveUrl: webUrl.optional(),
    timeZone: z.string().optional(),
  }),
  articles: z.array(digestArticleSchema).min(1, 'a digest needs at least one article'),
});

export const confirmationSchema = z.object({
  locale: z.enum(['de', 'en']),
  siteName: text,
  newsletterNames: z.array(text).min(1, 'name at least one newsletter'),
  footer: footerSchema,
  confirmUrl: webUrl,
  validHours: z.number().int().positive(),
  name: z.string().optional(),
});

/** Parses with zod and turns the first issue into an error naming the input field. */
export function parseRenderInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') || '(input)';
  throw new RenderInputError(field, issue?.message ?? 'invalid');
}
