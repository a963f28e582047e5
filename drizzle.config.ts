import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './stack/db/schema.ts',
  out: './stack/db/migrations',
});
