/**
 * The onboarding domain's response shapes: the caller's checklist and the presets.
 */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';

export const ChecklistStep = z
  .object({
    id: z.string().openapi({ example: 'create_property' }),
    title: z.string().openapi({ example: 'Create a property' }),
    description: z.string(),
    done: z.boolean().openapi({ description: 'Computed from your team’s live data: it ticks itself' }),
    done_at: Timestamp.nullable().openapi({ description: 'When the first record that satisfies the step was made' }),
    how: z.string().openapi({ description: 'The API call that does it', example: 'POST /properties' }),
  })
  .openapi('OnboardingStep');

export const Checklist = z
  .object({
    user_id: z.string(),
    steps: z.array(ChecklistStep),
    completed: z.number().int(),
    total: z.number().int(),
    percent: z.number().int().openapi({ example: 50 }),
    next_step: z.string().nullable().openapi({ description: 'The first step not done yet; null when all are' }),
  })
  .openapi('OnboardingChecklist');

export const PresetSchema = z
  .object({
    name: z.string().openapi({ example: 'wholesaler' }),
    title: z.string(),
    description: z.string(),
    stages: z.array(z.string()),
    templates: z.array(z.string()).openapi({ description: 'Names of the campaign templates it installs' }),
    cadence_rules: z.array(z.string()).openapi({ description: 'Names of the cadence rules it installs' }),
    applied: z.boolean().openapi({ description: 'Whether it is the preset your team applied last' }),
  })
  .openapi('OnboardingPreset');

export const PresetList = z
  .object({
    items: z.array(PresetSchema),
    current: z.object({ preset: z.string().nullable(), stages: z.array(z.string()) }).openapi({ description: 'Your team’s pipeline now' }),
  })
  .openapi('OnboardingPresetList');

export const PresetParams = z.object({
  name: z.string().min(1).max(100).openapi({ param: { name: 'name', in: 'path' }, example: 'wholesaler' }),
});

export const PresetApplied = z
  .object({
    preset: z.string(),
    stages: z.array(z.string()),
    changed: z.boolean().openapi({ description: 'false when the preset was already fully applied: nothing changed' }),
    stages_changed: z.boolean(),
    templates_created: z.array(z.string()).openapi({ description: 'Template ids created by this call' }),
    cadence_rules: z.number().int().openapi({ description: 'Cadence rules created or changed by this call' }),
  })
  .openapi('OnboardingPresetApplied');
