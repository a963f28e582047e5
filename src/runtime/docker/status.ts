/**
 * `reos status` in docker mode: each container of the compose project as the engine reports
 * it (dockerode): service, container name, state, health, published ports, uptime.
 */
import { assertEngine, COMPOSE_PROJECT, engineFor, projectContainers } from './engine.js';
import type { EnvMap } from '../env.js';

export interface ContainerStatus {
  service: string;
  name: string;
  /** Engine state: running, exited, restarting, paused, created, dead. */
  state: string;
  /** Health check status: healthy, unhealthy, starting, or none (no check). */
  health: string;
  /** "host:port->container/proto" for published ports, "port/proto" for exposed ones. */
  ports: string[];
  started_at?: string;
  uptime_seconds?: number;
  exit_code?: number;
}

export interface DockerStatus {
  mode: 'docker';
  running: boolean;
  project: string;
  containers: ContainerStatus[];
}

interface Inspection {
  State: { Status: string; Running: boolean; ExitCode: number; StartedAt: string; Health?: { Status: string } };
  NetworkSettings?: { Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> | null };
}

export async function readDockerStatus(options: { env: EnvMap; project?: string; now?: number }): Promise<DockerStatus> {
  const engine = engineFor(options.env);
  await assertEngine(engine);
  const project = options.project ?? COMPOSE_PROJECT;
  const now = options.now ?? Date.now();
  const containers = await Promise.all(
    (await projectContainers(engine, project)).map(async (container): Promise<ContainerStatus> => {
      const inspection = (await engine.docker.getContainer(container.id).inspect()) as unknown as Inspection;
      const state = inspection.State;
      const started = Date.parse(state.StartedAt);
      return {
        service: container.service,
        name: container.name,
        state: state.Status,
        health: state.Health?.Status ?? 'none',
        ports: formatPorts(inspection.NetworkSettings?.Ports ?? {}),
        ...(state.Running && Number.isFinite(started) ? { started_at: state.StartedAt, uptime_seconds: Math.max(0, Math.round((now - started) / 1000)) } : {}),
        ...(state.Running ? {} : { exit_code: state.ExitCode }),
      };
    }),
  );
  return { mode: 'docker', running: containers.some((container) => container.state === 'running'), project, containers };
}

function formatPorts(ports: Record<string, { HostIp: string; HostPort: string }[] | null>): string[] {
  return Object.entries(ports).flatMap(([port, bindings]) =>
    bindings && bindings.length > 0 ? [...new Set(bindings.map((binding) => `${binding.HostPort}->${port}`))] : [port],
  );
}

export function formatDockerStatus(status: DockerStatus): string {
  if (status.containers.length === 0) return `No containers of compose project ${status.project} (start them with \`reos up --docker\`).`;
  const rows = status.containers.map((c) => [
    c.service,
    c.state === 'running' ? c.state : `${c.state}${c.exit_code === undefined ? '' : ` (${c.exit_code})`}`,
    c.health,
    c.uptime_seconds === undefined ? '-' : `up ${c.uptime_seconds} s`,
    c.ports.join(', ') || '-',
    c.name,
  ]);
  const header = ['SERVICE', 'STATE', 'HEALTH', 'UPTIME', 'PORTS', 'CONTAINER'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  return [header, ...rows].map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n');
}
