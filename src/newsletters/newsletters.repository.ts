import { Injectable } from '@nestjs/common';
import { asc, eq } from 'drizzle-orm';
import { InjectDb } from '#src/db/db.module.js';
import type { Db } from '#src/db/database.js';
import { issues, newsletters, type NewNewsletterRow, type NewsletterRow } from './newsletters.schema.js';

export type NewsletterChanges = Partial<Omit<NewNewsletterRow, 'id' | 'slug' | 'createdAt'>>;

@Injectable()
export class NewslettersRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  /** Inserts unless the slug is taken; undefined then. */
  async create(row: NewNewsletterRow): Promise<NewsletterRow | undefined> {
    const [created] = await this.db.insert(newsletters).values(row).onConflictDoNothing({ target: newsletters.slug }).returning();
    return created;
  }

  async update(id: string, changes: NewsletterChanges): Promise<NewsletterRow | undefined> {
    const [updated] = await this.db
      .update(newsletters)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(newsletters.id, id))
      .returning();
    return updated;
  }

  async findById(id: string): Promise<NewsletterRow | undefined> {
    const [row] = await this.db.select().from(newsletters).where(eq(newsletters.id, id));
    return row;
  }

  async findBySlug(slug: string): Promise<NewsletterRow | undefined> {
    const [row] = await this.db.select().from(newsletters).where(eq(newsletters.slug, slug));
    return row;
  }

  async list(): Promise<NewsletterRow[]> {
    return this.db.select().from(newsletters).orderBy(asc(newsletters.slug));
  }

  async listEnabled(): Promise<Pick<NewsletterRow, 'slug' | 'name' | 'description'>[]> {
    return this.db
      .select({ slug: newsletters.slug, name: newsletters.name, description: newsletters.description })
      .from(newsletters)
      .where(eq(newsletters.enabled, true))
      .orderBy(asc(newsletters.name), asc(newsletters.slug));
  }

  async hasIssues(id: string): Promise<boolean> {
    const [row] = await this.db.select({ id: issues.id }).from(issues).where(eq(issues.newsletterId, id)).limit(1);
    return row !== undefined;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = await this.db.delete(newsletters).where(eq(newsletters.id, id)).returning({ id: newsletters.id });
    return deleted.length > 0;
  }
}
