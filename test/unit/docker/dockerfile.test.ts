/** stack/Dockerfile checked without building it: stages, non-root, HEALTHCHECK, pins, no baked secrets. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './dockerfile-lint.js';

const root = path.resolve(import.meta.dirname, '../../..');
const text = fs.readFileSync(path.join(root, 'stack/Dockerfile'), 'utf8');

describe('stack/Dockerfile', () => {
  const { stages, problems } = lintDockerfile(text);

  it('passes the lint', () => {
    expect(problems).toEqual([]);
  });

  it('is multi-stage: deps, build, runtime', () => {
    expect(stages.map((stage) => stage.name)).toEqual(['deps', 'build', 'runtime']);
    const keywords = (name: string) => stages.find((stage) => stage.name === name)!.instructions.map((i) => `${i.keyword} ${i.args}`);
    expect(keywords('deps').some((line) => /^RUN npm ci\b/.test(line))).toBe(true);
    expect(keywords('build').some((line) => /npm prune --omit=dev/.test(line))).toBe(true);
  });

  it('runs the API entry on 8000, as a non-root user, checked on /healthz', () => {
    const final = stages.at(-1)!.instructions;
    const last = (keyword: string) => final.filter((i) => i.keyword === keyword).at(-1)?.args;
    expect(last('USER')).toBe('node');
    expect(last('EXPOSE')).toBe('8000');
    expect(JSON.parse(last('CMD')!)).toEqual(['node', 'dist/stack/main.js']);
    expect(last('HEALTHCHECK')).toMatch(/^--interval=\S+ .*CMD .*\/healthz/);
  });

  it('ships the migrations the API applies on start, and only build output and production modules', () => {
    const copies = stages.at(-1)!.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toContain('--from=build /app/stack/db/migrations ./stack/db/migrations');
    expect(copies.every((args) => args.startsWith('--from=build '))).toBe(true);
  });

  it('keeps local state, secrets and sources it does not need out of the build context', () => {
    const ignore = fs.readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', '.reos', '.env', 'evidence', '.git']) expect(ignore).toContain(entry);
  });
});

describe('lintDockerfile', () => {
  it('reports each kind of problem', () => {
    const bad = [
      'FROM node AS deps',
      'ARG NPM_TOKEN',
      'FROM node:20-slim AS runtime',
      'ENV JWT_SECRET=abc \\',
      '    PORT=8000',
      'COPY --from=biuld /app /app',
      'CMD ["node", "x.js"]',
    ].join('\n');
    const messages = lintDockerfile(bad).problems.map((problem) => `${problem.line}: ${problem.message}`);
    expect(messages).toEqual([
      '1: base image "node" is not pinned to a version or digest',
      '2: ARG NPM_TOKEN bakes a secret into the image',
      '3: base image "node:20-slim" is not pinned to a version or digest',
      '4: ENV JWT_SECRET bakes a secret into the image',
      '6: COPY --from=biuld names no earlier stage',
      '3: the final stage runs as root (add a non-root USER)',
      '3: the final stage has no HEALTHCHECK',
    ]);
  });

  it('accepts a stage built FROM an earlier one and a digest-pinned image', () => {
    const good = ['FROM node@sha256:abc AS base', 'FROM base AS runtime', 'USER 1000', 'HEALTHCHECK CMD true'].join('\n');
    expect(lintDockerfile(good).problems).toEqual([]);
  });
});
