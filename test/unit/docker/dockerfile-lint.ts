/**
 * A build-free lint of a Dockerfile: parses instructions (line continuations, comments) into
 * stages and reports what would make the image unsafe or unreproducible: a `COPY --from` that
 * names no earlier stage, a final stage running as root or without a HEALTHCHECK, a base
 * image not pinned to a version (or digest), and secrets baked into ENV or ARG.
 */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name?: string;
  base: string;
  instructions: Instruction[];
}

export interface LintProblem {
  line: number;
  message: string;
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trim().startsWith('#'))) return;
    if (pending && line.trim().startsWith('#')) return;
    if (!pending) startLine = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = (pending + line).trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(full);
    if (match) instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: startLine });
  });
  return instructions;
}

export function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const parts = instruction.args.split(/\s+/).filter((part) => !part.startsWith('--'));
      const as = parts.findIndex((part) => part.toUpperCase() === 'AS');
      stages.push({ base: parts[0], name: as >= 0 ? parts[as + 1] : undefined, instructions: [instruction] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_KEY|CREDENTIAL)/i;

/** `node:20.19.5-bookworm-slim` and `x@sha256:...` are pinned; `node`, `node:latest`, `node:20` are not. */
export function isPinned(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && tag !== 'latest' && /^\d+\.\d+(\.\d+)?/.test(tag);
}

export function lintDockerfile(text: string): { stages: Stage[]; problems: LintProblem[] } {
  const stages = splitStages(parseDockerfile(text));
  const problems: LintProblem[] = [];
  if (stages.length === 0) return { stages, problems: [{ line: 1, message: 'no FROM instruction' }] };
  const names: string[] = [];
  stages.forEach((stage) => {
    const from = stage.instructions[0];
    const earlierStage = names.includes(stage.base);
    if (!earlierStage && !isPinned(stage.base)) problems.push({ line: from.line, message: `base image "${stage.base}" is not pinned to a version or digest` });
    for (const instruction of stage.instructions) {
      const copyFrom = instruction.keyword === 'COPY' ? /--from=(\S+)/.exec(instruction.args)?.[1] : undefined;
      if (copyFrom !== undefined && !names.includes(copyFrom) && !/^\d+$/.test(copyFrom)) {
        problems.push({ line: instruction.line, message: `COPY --from=${copyFrom} names no earlier stage` });
      }
      if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
        for (const name of instruction.args.split(/\s+/).map((pair) => pair.split('=')[0])) {
          if (SECRET_NAME.test(name)) problems.push({ line: instruction.line, message: `${instruction.keyword} ${name} bakes a secret into the image` });
        }
      }
    }
    if (stage.name) names.push(stage.name);
  });
  const final = stages.at(-1)!;
  const users = final.instructions.filter((instruction) => instruction.keyword === 'USER');
  const user = users.at(-1)?.args.split(':')[0];
  if (!user || user === 'root' || user === '0') problems.push({ line: final.instructions[0].line, message: 'the final stage runs as root (add a non-root USER)' });
  const health = final.instructions.filter((instruction) => instruction.keyword === 'HEALTHCHECK').at(-1);
  if (!health || /^NONE$/i.test(health.args)) problems.push({ line: final.instructions[0].line, message: 'the final stage has no HEALTHCHECK' });
  return { stages, problems };
}
