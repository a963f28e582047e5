/** The zod schema of `GET /inventory`'s answer (it also generates the OpenAPI document). */
import { z } from '@hono/zod-openapi';

const MethodCounts = z.record(z.string(), z.number().int()).openapi({ example: { GET: 4, POST: 2, DELETE: 1 } });

export const InventorySchema = z
  .object({
    generated_at: z.string().openapi({ format: 'date-time' }),
    version: z.string(),
    operations: z.object({
      total: z.number().int(),
      methods: MethodCounts,
      domains: z.array(z.object({ domain: z.string(), description: z.string().optional(), total: z.number().int(), methods: MethodCounts })),
      operations: z.array(z.object({ method: z.string(), path: z.string(), domain: z.string(), summary: z.string().optional() })),
    }),
    tables: z.object({
      total: z.number().int(),
      rows: z.number().int().openapi({ description: 'Sum of every table’s rows (estimates included)' }),
      tables: z.array(
        z.object({
          schema: z.string(),
          name: z.string(),
          rows: z.number().int(),
          source: z.enum(['statistics', 'count', 'capped']).openapi({ description: 'statistics: the planner’s estimate; count: counted now; capped: counted up to the cap' }),
        }),
      ),
    }),
    components: z.array(z.object({ name: z.string(), mode: z.string(), detail: z.string() })),
    providers: z.array(z.object({ name: z.string(), kind: z.string(), mode: z.enum(['mock', 'real']), detail: z.string() })),
  })
  .openapi('Inventory', {
    example: {
      generated_at: '2026-11-26T12:00:00.000Z',
      version: '0.1.0',
      operations: { total: 2, methods: { GET: 2 }, domains: [{ domain: 'health', total: 2, methods: { GET: 2 } }], operations: [{ method: 'GET', path: '/healthz', domain: 'health' }, { method: 'GET', path: '/ready', domain: 'health' }] },
      tables: { total: 1, rows: 3, tables: [{ schema: 'public', name: 'users', rows: 3, source: 'count' }] },
      components: [{ name: 'event-bus', mode: 'in-process', detail: 'events persisted in domain_events, fanned out in this process' }],
      providers: [{ name: 'mail', kind: 'catcher', mode: 'mock', detail: 'the embedded mail catcher keeps every message' }],
    },
  });

export type Inventory = z.infer<typeof InventorySchema>;
