/**
 * docker-compose.yml and the files it mounts, checked without a Docker engine: the Compose
 * Specification's JSON Schema (test/fixtures/compose-spec.json), the services and their
 * wiring, nginx's SSE settings, Prometheus' scrape target, and Grafana's dashboard queries
 * against the metric names a live API exports on /metrics.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestApp, type TestApp } from '../../support/app.js';

const root = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  profiles?: string[];
  restart?: string;
  healthcheck?: { test: string[] | string; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { name: string; services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;

function validateAgainstSpec(document: unknown) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/compose-spec.json'), 'utf8')));
  validate(document);
  return validate.errors ?? [];
}

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    // YAML merge keys (`<<: *stack-env`) are resolved by Compose before it validates; so here.
    expect(validateAgainstSpec(parse(read('docker-compose.yml'), { merge: true }))).toEqual([]);
  });

  it('is checked by a schema that rejects what Compose would', () => {
    const errors = validateAgainstSpec({ services: { api: { image: 'x', healthcheck: { test: ['CMD', 'true'], intervall: '5s' } } } });
    expect(errors.map((error) => error.instancePath)).toContain('/services/api/healthcheck');
  });

  it('has the whole stack, and the monitoring profile on top', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'grafana', 'mailhog', 'minio', 'minio-init', 'nginx', 'postgres', 'prometheus', 'redis', 'worker']);
    expect(services.postgres.image).toMatch(/^postgres:16\./);
    expect(services.redis.image).toMatch(/^redis:7\./);
    expect(services.minio.image).toMatch(/^quay\.io\/minio\/minio:RELEASE\./);
    expect(services['minio-init'].image).toMatch(/^quay\.io\/minio\/mc:RELEASE\./);
    expect(services.prometheus.profiles).toEqual(['monitoring']);
    expect(services.grafana.profiles).toEqual(['monitoring']);
    for (const [name, service] of Object.entries(services)) {
      if (!['prometheus', 'grafana'].includes(name)) expect(service.profiles, name).toBeUndefined();
    }
  });

  it('pins every image to a version', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build || service.image === services.api.image) continue;
      expect(service.image, name).toMatch(/:(v?\d+\.\d+|RELEASE\.)/);
    }
  });

  it('gives every service a health check', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.healthcheck?.test, name).toBeDefined();
      expect(service.healthcheck?.disable, name).not.toBe(true);
    }
  });

  it('keeps data in named volumes that are declared', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.')) expect(fs.existsSync(path.join(root, source)), `${name}: ${source}`).toBe(true);
        else expect(compose.volumes, `${name}: ${source}`).toHaveProperty(source);
      }
    }
    for (const name of ['postgres', 'redis', 'minio']) expect(services[name].volumes?.some((v) => !v.startsWith('.')), name).toBe(true);
  });

  it('publishes the runbook ports: API via nginx on 8000, MailHog 8025/1025, MinIO 9000/9001', () => {
    const published = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, (s.ports ?? []).map((p) => p.replace(/\$\{[A-Z_]+:-(\d+)\}/, '$1'))]));
    expect(published.nginx).toEqual(['8000:80']);
    expect(published.mailhog).toEqual(['1025:1025', '8025:8025']);
    expect(published.minio).toEqual(['9000:9000', '9001:9001']);
    expect(published.api).toEqual([]);
    expect(published.prometheus).toEqual(['9090:9090']);
    expect(published.grafana).toEqual(['3000:3000']);
  });

  it('builds the API from stack/Dockerfile and runs the worker from the same image', () => {
    expect(services.api.build).toEqual({ context: '.', dockerfile: 'stack/Dockerfile' });
    expect(services.worker.image).toBe(services.api.image);
    expect(services.worker.command).toEqual(['node', 'dist/stack/worker-main.js']);
    expect(fs.existsSync(path.join(root, 'stack/Dockerfile'))).toBe(true);
  });

  it('points the API and the worker at the compose services', () => {
    for (const name of ['api', 'worker']) {
      const env = services[name].environment!;
      expect(env.DATABASE_URL, name).toMatch(/^postgres:\/\/reos:.+@postgres:5432\/reos$/);
      expect(env.REDIS_URL).toBe('redis://redis:6379');
      expect(env).toMatchObject({ SMTP_HOST: 'mailhog', SMTP_PORT: '1025', STORAGE_DRIVER: 's3', S3_ENDPOINT: 'http://minio:9000', TRUST_PROXY: 'true', REOS_HOST: '0.0.0.0' });
      for (const key of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'MOCK_MODE', 'JWT_SECRET']) expect(env[key], `${name} ${key}`).toBeTruthy();
      // Secrets come from the environment; the fallback is the mock value the API refuses outside MOCK_MODE.
      expect(env.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:-mock-only-/);
      expect(env.MOCK_MODE).toBe('${MOCK_MODE:-true}');
    }
    expect(services.api.environment!.JOBS_WORKER).toBe('off');
  });

  it('lets one-shot services finish before their dependants, so `up --wait` succeeds', () => {
    const oneShots = Object.entries(services).filter(([, s]) => s.restart === 'no').map(([name]) => name);
    expect(oneShots).toEqual(['minio-init']);
    for (const name of oneShots) {
      const adopters = Object.values(services).filter((s) => s.depends_on?.[name]?.condition === 'service_completed_successfully' && s.restart !== 'no');
      expect(adopters.length, name).toBeGreaterThan(0);
    }
    expect(services['minio-init'].depends_on?.minio?.condition).toBe('service_healthy');
  });

  it('starts nothing on an unhealthy dependency', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} -> ${dependency}`).toBeDefined();
        expect(condition, `${name} -> ${dependency}`).toBe(services[dependency].restart === 'no' ? 'service_completed_successfully' : 'service_healthy');
      }
    }
  });
});

describe('stack/docker/nginx.conf', () => {
  const conf = read('stack/docker/nginx.conf').replace(/#.*$/gm, '');
  const directive = (name: string) => [...conf.matchAll(new RegExp(`^\\s*${name}\\s+([^;]+);`, 'gm'))].map((m) => m[1].trim());

  it('proxies to the api service', () => {
    expect(conf).toMatch(/upstream reos_api\s*\{\s*server api:8000;/);
    expect(directive('proxy_pass')).toEqual(['http://reos_api']);
  });

  it('is set up for server-sent events', () => {
    expect(directive('proxy_buffering')).toEqual(['off']);
    expect(directive('proxy_cache')).toEqual(['off']);
    expect(directive('proxy_http_version')).toEqual(['1.1']);
    expect(directive('proxy_set_header')).toContain("Connection ''");
    const seconds = Number(/^(\d+)s$/.exec(directive('proxy_read_timeout')[0])?.[1]);
    // Well above the API's default SSE heartbeat (15 s), so an idle stream is never cut.
    expect(seconds).toBeGreaterThanOrEqual(300);
  });

  it('passes the client address and the request id', () => {
    const headers = directive('proxy_set_header');
    expect(headers).toContain('X-Forwarded-For $proxy_add_x_forwarded_for');
    expect(headers).toContain('X-Request-Id $reos_request_id');
    expect(conf).toMatch(/map \$http_x_request_id \$reos_request_id/);
  });
});

describe('monitoring profile', () => {
  let stack: TestApp;
  let exported: Set<string>;

  beforeAll(async () => {
    stack = await createTestApp();
    const response = await stack.send('GET', '/metrics');
    expect(response.status).toBe(200);
    exported = new Set();
    for (const [, name, type] of response.text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      exported.add(name);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) exported.add(name + suffix);
    }
  });

  afterAll(() => stack?.close());

  it('Prometheus scrapes the API /metrics', () => {
    const config = parse(read('stack/docker/prometheus/prometheus.yml')) as { scrape_configs: { job_name: string; metrics_path?: string; static_configs: { targets: string[] }[] }[] };
    const job = config.scrape_configs.find((c) => c.static_configs.some((s) => s.targets.includes('api:8000')));
    expect(job?.job_name).toBe('reos-api');
    expect(job?.metrics_path ?? '/metrics').toBe('/metrics');
    expect(services.prometheus.volumes).toContain('./stack/docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
  });

  it('Grafana gets the Prometheus datasource and the dashboard provisioned', () => {
    const datasources = parse(read('stack/docker/grafana/provisioning/datasources/prometheus.yml')) as { datasources: { uid: string; url: string; type: string }[] };
    expect(datasources.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090', uid: 'reos-prometheus' });
    const providers = parse(read('stack/docker/grafana/provisioning/dashboards/reos.yml')) as { providers: { options: { path: string } }[] };
    expect(services.grafana.volumes).toContain(`./stack/docker/grafana/dashboards:${providers.providers[0].options.path}:ro`);
  });

  it("the dashboard's queries use only metrics the API exports, and cover rate, errors, latency and SSE", () => {
    const dashboard = JSON.parse(read('stack/docker/grafana/dashboards/reos-api.json')) as { panels: { title: string; targets: { expr: string; datasource: { uid: string } }[] }[] };
    const used = new Set<string>();
    for (const panel of dashboard.panels) {
      for (const target of panel.targets) {
        expect(target.datasource.uid).toBe('reos-prometheus');
        const selectors = [...target.expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)].map((m) => m[1]);
        expect(selectors.length, target.expr).toBeGreaterThan(0);
        for (const name of selectors) {
          expect(exported, `${panel.title}: ${name}`).toContain(name);
          used.add(name);
        }
      }
    }
    expect([...used].sort()).toEqual(['http_request_duration_seconds_bucket', 'http_requests_total', 'sse_connections']);
    const latency = dashboard.panels.flatMap((p) => p.targets).filter((t) => t.expr.startsWith('histogram_quantile'));
    expect(latency.map((t) => /histogram_quantile\(([\d.]+)/.exec(t.expr)?.[1])).toEqual(['0.5', '0.95', '0.99']);
  });
});
