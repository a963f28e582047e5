/**
 * `reos logs` in docker mode: the containers' logs from the engine (dockerode, with
 * timestamps), demultiplexed from the Engine API's stream format, one entry per line. JSON
 * lines (the API and the worker: pino) keep their fields; other lines (postgres, nginx ...)
 * become `info` entries with the line as the message. Same filters as the embedded mode.
 */
import { matchesFilter, type LogEntry, type LogFilter } from '../lifecycle/logs.js';
import type { EnvMap } from '../env.js';
import { assertEngine, COMPOSE_PROJECT, engineFor, projectContainers, type Engine, type ProjectContainer } from './engine.js';

/**
 * Splits the Engine API's multiplexed log stream: frames of an 8-byte header (stream type 0/1/2,
 * three zero bytes, big-endian payload size) then the payload. A container with a TTY sends raw
 * bytes instead, returned as one stdout chunk. Returns the text and any incomplete trailing frame.
 */
export function demultiplex(buffer: Buffer): { text: string; rest: Buffer } {
  const isFramed = buffer.length >= 8 && buffer[0] <= 2 && buffer[1] === 0 && buffer[2] === 0 && buffer[3] === 0;
  if (!isFramed) return { text: buffer.toString('utf8'), rest: Buffer.alloc(0) };
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    if (offset + 8 + size > buffer.length) break;
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return { text: Buffer.concat(parts).toString('utf8'), rest: buffer.subarray(offset) };
}

/** One line as the engine gives it with timestamps=true: "<RFC 3339 nano time> <line>". */
export function toEntry(line: string, component: string): LogEntry | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\S+Z) ?(.*)$/.exec(line);
  if (!match) return undefined;
  const [, dockerTime, content] = match;
  const time = new Date(dockerTime.replace(/(\.\d{3})\d+Z$/, '$1Z')).toISOString();
  if (content.startsWith('{')) {
    try {
      const parsed = JSON.parse(content) as Partial<LogEntry>;
      // --json output names the container's service, unless the line already names its component.
      if (typeof parsed === 'object' && parsed !== null) return { ...parsed, time: parsed.time ?? time, level: parsed.level ?? 'info', component, raw: JSON.stringify({ component, ...parsed }) } as LogEntry;
    } catch {
      // not JSON after all: a plain line
    }
  }
  if (content.trim() === '') return undefined;
  return { time, level: 'info', msg: content, component, raw: JSON.stringify({ time, level: 'info', component, msg: content }) };
}

function parseChunk(text: string, component: string, filter: LogFilter): LogEntry[] {
  return text
    .split('\n')
    .map((line) => toEntry(line.replace(/\r$/, ''), component))
    .filter((entry): entry is LogEntry => entry !== undefined && matchesFilter(entry, filter));
}

async function containersFor(env: EnvMap, filter: LogFilter, project: string): Promise<{ engine: Engine; containers: ProjectContainer[] }> {
  const engine = engineFor(env);
  await assertEngine(engine);
  const containers = (await projectContainers(engine, project)).filter((container) => !filter.component || container.service === filter.component);
  return { engine, containers };
}

const since = (filter: LogFilter) => (filter.since ? Math.floor(filter.since.getTime() / 1000) : 0);

/** Every matching line of every container of the project, oldest first. */
export async function readDockerLogs(options: { env: EnvMap; filter: LogFilter; project?: string }): Promise<LogEntry[]> {
  const { engine, containers } = await containersFor(options.env, options.filter, options.project ?? COMPOSE_PROJECT);
  const perContainer = await Promise.all(
    containers.map(async (container) => {
      const raw = (await engine.docker.getContainer(container.id).logs({ stdout: true, stderr: true, timestamps: true, since: since(options.filter), follow: false })) as unknown as Buffer;
      return parseChunk(demultiplex(Buffer.from(raw)).text, container.service, options.filter);
    }),
  );
  return perContainer.flat().sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

/** Calls `onEntry` for each line the running containers write from now on, until `signal` aborts. */
export async function followDockerLogs(options: { env: EnvMap; filter: LogFilter; project?: string; onEntry: (entry: LogEntry) => void; signal: AbortSignal }): Promise<void> {
  const { engine, containers } = await containersFor(options.env, options.filter, options.project ?? COMPOSE_PROJECT);
  const streams = await Promise.all(
    containers
      .filter((container) => container.state === 'running')
      .map(async (container) => {
        const stream = (await engine.docker.getContainer(container.id).logs({ stdout: true, stderr: true, timestamps: true, follow: true, since: Math.floor(Date.now() / 1000) })) as NodeJS.ReadableStream & { destroy?: () => void };
        let pending = Buffer.alloc(0);
        let partial = '';
        stream.on('data', (chunk: Buffer) => {
          const { text, rest } = demultiplex(Buffer.concat([pending, chunk]));
          pending = Buffer.from(rest);
          const lines = (partial + text).split('\n');
          partial = lines.pop() ?? '';
          for (const entry of parseChunk(lines.join('\n'), container.service, options.filter)) options.onEntry(entry);
        });
        return stream;
      }),
  );
  if (streams.length === 0) return;
  await new Promise<void>((resolve) => {
    const open = new Set(streams);
    const ended = (stream: NodeJS.ReadableStream) => {
      open.delete(stream);
      if (open.size === 0) resolve();
    };
    for (const stream of streams) stream.once('end', () => ended(stream)).once('close', () => ended(stream));
    options.signal.addEventListener('abort', () => {
      for (const stream of streams) stream.destroy?.();
      resolve();
    }, { once: true });
  });
}

