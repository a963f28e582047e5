/**
 * The portfolio routes in the OpenAPI document, mounted as app.ts mounts them: every operation
 * tagged `portfolio`, with a summary and bearer auth.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { dealScenarioRoutes, investorRoutes, portfolioRoutes, propertyPortfolioRoutes } from './index.js';

describe('portfolio in the OpenAPI document', () => {
  it('documents every operation under the portfolio tag with bearer auth', () => {
    const doc = new OpenAPIHono()
      .route('/portfolio', portfolioRoutes())
      .route('/investors', investorRoutes())
      .route('/deals', dealScenarioRoutes())
      .route('/properties', propertyPortfolioRoutes())
      .getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'portfolio', version: '0' } });
    const operations = Object.entries(doc.paths ?? {}).flatMap(([path, ops]) => Object.entries(ops as Record<string, { tags: string[]; summary: string; security?: unknown }>).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));
    expect(operations.map((o) => o.key).sort()).toEqual([
      'DELETE /investors/{id}',
      'GET /deals/{id}/scenarios',
      'GET /investors',
      'GET /investors/{id}',
      'GET /investors/{id}/engagement-summary',
      'GET /investors/{id}/engagements',
      'GET /portfolio/scenarios/compare',
      'GET /portfolio/template-performance',
      'GET /properties/{id}/investor-readiness',
      'GET /properties/{id}/suggested-investors',
      'PATCH /investors/{id}',
      'POST /deals/{id}/scenarios',
      'POST /investors',
      'POST /investors/{id}/engagements',
    ]);
    for (const { key, op } of operations) {
      expect(op.tags, key).toEqual(['portfolio']);
      expect(op.summary.length, key).toBeGreaterThan(5);
      expect(op.security, key).toEqual([{ bearerAuth: [] }]);
    }
  });
});
