import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations here after a *.schema.ts changes; commit them.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/*.schema.ts',
  out: './src/db/migrations',
});
