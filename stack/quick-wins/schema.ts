/** Quick wins' request and response shapes (zod, registered in the OpenAPI document). */
import { z } from '@hono/zod-openapi';
import { PROPERTY_STAGES } from '../properties/schema.js';
import { Reason } from '../compliance/schema.js';

export const StageQuery = z.object({ stage: z.enum(PROPERTY_STAGES).optional().openapi({ param: { name: 'stage', in: 'query' }, description: 'Only this stage', example: 'qualified' }) });

export const StageTemplates = z
  .object({
    stage: z.enum(PROPERTY_STAGES),
    default_template_id: z.string().nullable().openapi({ description: 'What generate-and-send uses; null: the stage is not marketed' }),
    templates: z.array(z.object({ id: z.string(), name: z.string(), subject: z.string(), sms_text: z.string().nullable() })),
  })
  .openapi('QuickWinStageTemplates');
export const StageTemplateList = z.object({ items: z.array(StageTemplates) }).openapi('QuickWinStageTemplateList');

export const GenerateAndSend = z
  .object({
    stage: z.enum(PROPERTY_STAGES),
    channel: z.enum(['email', 'sms']),
    template_id: z.string().min(1).max(200).optional().openapi({ description: 'Override the stage’s default (one of its suited templates)' }),
  })
  .strict()
  .openapi('QuickWinGenerate', { example: { stage: 'qualified', channel: 'email' } });

const Queued = z.object({ property_id: z.string(), lead_id: z.string(), to: z.string(), decision_id: z.string(), campaign_id: z.string().nullable(), job_id: z.string() });
const Blocked = z.object({ property_id: z.string(), lead_id: z.string(), to: z.string(), decision_id: z.string(), reasons: z.array(Reason) });
export const QuickWinResult = z
  .object({
    stage: z.enum(PROPERTY_STAGES),
    channel: z.enum(['email', 'sms']),
    template_id: z.string(),
    properties: z.number().int().openapi({ description: 'Properties of the team at the stage' }),
    queued: z.array(Queued),
    blocked: z.array(Blocked),
    skipped_no_address: z.number().int().openapi({ description: 'Linked leads without an email (or phone) for the channel' }),
  })
  .openapi('QuickWinResult');
