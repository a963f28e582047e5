/**
 * The team's pipeline stages: the preset's when one was applied, the platform's otherwise.
 * Property writes call `assertTeamStage` so a team that chose a pipeline only uses its stages.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { invalidRequest } from '../lib/validation.js';
import { PROPERTY_STAGES } from '../properties/schema.js';
import { teamPipelineSettings } from './tables.js';

export async function teamStages(db: Db, teamId: string): Promise<{ stages: string[]; preset: string | null }> {
  const [row] = await db.select().from(teamPipelineSettings).where(eq(teamPipelineSettings.teamId, teamId)).limit(1);
  return row ? { stages: row.stages, preset: row.preset } : { stages: [...PROPERTY_STAGES], preset: null };
}

/** 422 at `pointer` when the team set its own stages and `stage` is not one of them. */
export async function assertTeamStage(db: Db, teamId: string, stage: string, pointer = '/stage'): Promise<void> {
  const { stages, preset } = await teamStages(db, teamId);
  if (stages.includes(stage)) return;
  throw invalidRequest(`Your team's pipeline (preset ${preset}) does not use the stage ${stage}.`, [
    { detail: `must be one of your team's stages: ${stages.join(', ')}`, pointer },
  ]);
}
