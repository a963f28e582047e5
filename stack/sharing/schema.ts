/**
 * The sharing domain's zod schemas: share links and their public view, view analytics, deal
 * rooms and their artifacts. Requests are strict: an unknown field is a 422.
 */
import { z } from '@hono/zod-openapi';
import { Timestamp } from '../lib/openapi.js';
import { PageQuery, pageSchema } from '../lib/pagination.js';
import { RefId, storedText } from '../lib/text.js';
import { SHARE_RESOURCE_TYPES } from './tables.js';

/**
 * What a public view may show, per resource type. Anything else (ids, the team, who created it,
 * internal history) is never shareable; the `optional` fields appear only when asked for.
 */
export const SHAREABLE_FIELDS = {
  property: {
    default: ['address', 'city', 'state', 'zip', 'price', 'bedrooms', 'bathrooms', 'sqft', 'property_type', 'description'],
    optional: ['owner_name', 'stage'],
  },
  deal_room: {
    default: ['name', 'artifacts'],
    optional: ['deal_title', 'deal_value'],
  },
} as const;

export const allowedFields = (type: keyof typeof SHAREABLE_FIELDS): readonly string[] => [...SHAREABLE_FIELDS[type].default, ...SHAREABLE_FIELDS[type].optional];

const MAX_EXPIRY_DAYS = 365;

export const ShareLinkCreate = z
  .object({
    resource_type: z.enum(SHARE_RESOURCE_TYPES).openapi({ example: 'property' }),
    resource_id: RefId.openapi({ description: 'A property or deal room of your team' }),
    expires_at: z.iso.datetime({ offset: true }).optional().openapi({ description: 'When the link stops working (in the future, within a year)', example: '2026-12-31T00:00:00Z' }),
    expires_in_days: z.number().int().min(1).max(MAX_EXPIRY_DAYS).optional().openapi({ description: 'Or: days from now (default 30)', example: 14 }),
    fields: z
      .array(z.string().min(1).max(50))
      .min(1)
      .max(20)
      .optional()
      .openapi({
        description: `Fields the public view shows. Property: ${allowedFields('property').join(', ')} (default: ${SHAREABLE_FIELDS.property.default.join(', ')}). Deal room: ${allowedFields('deal_room').join(', ')} (default: ${SHAREABLE_FIELDS.deal_room.default.join(', ')}).`,
        example: ['address', 'city', 'state', 'price', 'bedrooms'],
      }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.expires_at !== undefined && body.expires_in_days !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['expires_in_days'], message: 'Send expires_at or expires_in_days, not both.' });
    }
    const allowed = allowedFields(body.resource_type);
    body.fields?.forEach((field, i) => {
      if (!allowed.includes(field)) ctx.addIssue({ code: 'custom', path: ['fields', i], message: `${field} cannot be shared on a ${body.resource_type}; shareable: ${allowed.join(', ')}.` });
    });
    if (body.fields && new Set(body.fields).size !== body.fields.length) ctx.addIssue({ code: 'custom', path: ['fields'], message: 'must not repeat a field' });
  })
  .openapi('ShareLinkCreate');
export type ShareLinkCreate = z.infer<typeof ShareLinkCreate>;

export const SHARE_LINK_STATUSES = ['active', 'expired', 'revoked'] as const;

export const ShareLink = z
  .object({
    id: z.string(),
    code: z.string().openapi({ example: 'k3J9xQ2mWp' }),
    url: z.string().openapi({ description: 'The public path: no login needed', example: '/s/k3J9xQ2mWp' }),
    resource_type: z.enum(SHARE_RESOURCE_TYPES),
    resource_id: z.string(),
    fields: z.array(z.string()),
    status: z.enum(SHARE_LINK_STATUSES),
    expires_at: Timestamp.nullable(),
    revoked_at: Timestamp.nullable(),
    created_by: z.string(),
    created_at: Timestamp,
  })
  .openapi('ShareLink');

export const ShareLinkPage = pageSchema(ShareLink, 'ShareLinkPage');
export const ShareLinkListQuery = PageQuery.pick({ limit: true, offset: true }).extend({
  resource_type: z.enum(SHARE_RESOURCE_TYPES).optional(),
  resource_id: RefId.optional().openapi({ description: 'Links to this property or deal room' }),
});

export const ShareLinkAnalytics = z
  .object({
    share_link_id: z.string(),
    views_total: z.number().int(),
    unique_visitors: z.number().int().openapi({ description: 'Distinct (client network, user agent) pairs; no address is stored' }),
    last_viewed_at: Timestamp.nullable(),
    by_day: z.array(z.object({ day: z.string().openapi({ example: '2026-11-26' }), views: z.number().int(), unique_visitors: z.number().int() })),
    top_referrers: z.array(z.object({ referrer: z.string(), views: z.number().int() })),
  })
  .openapi('ShareLinkAnalytics');

export const CodeParams = z.object({
  code: z.string().min(1).max(64).openapi({ param: { name: 'code', in: 'path' }, example: 'k3J9xQ2mWp' }),
});
export const CodeArtifactParams = CodeParams.extend({
  artifactId: z.string().min(1).openapi({ param: { name: 'artifactId', in: 'path' } }),
});

export const PublicView = z
  .object({
    code: z.string(),
    resource_type: z.enum(SHARE_RESOURCE_TYPES),
    shared: z.record(z.string(), z.unknown()).openapi({ description: 'Only the fields the link shares', example: { address: '123 Demo St', city: 'Austin', price: 450000 } }),
    expires_at: Timestamp.nullable(),
    disclaimer: z.string(),
  })
  .openapi('SharedView');

export const DealRoomCreate = z
  .object({
    deal_id: RefId.openapi({ description: 'A deal of your team' }),
    name: storedText(200).openapi({ example: '123 Demo St - buyer due diligence' }),
  })
  .strict()
  .openapi('DealRoomCreate');

export const DealRoom = z
  .object({
    id: z.string(),
    deal_id: z.string(),
    name: z.string(),
    artifact_count: z.number().int(),
    created_by: z.string(),
    created_at: Timestamp,
  })
  .openapi('DealRoom');
export const DealRoomPage = pageSchema(DealRoom, 'DealRoomPage');
export const DealRoomListQuery = PageQuery.pick({ limit: true, offset: true }).extend({ deal_id: RefId.optional() });

export const ArtifactParams = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, description: 'The deal room id' }),
  artifactId: z.string().min(1).openapi({ param: { name: 'artifactId', in: 'path' }, description: 'The artifact id' }),
});

export const UploadArtifactForm = z
  .object({ file: z.any().openapi({ type: 'string', format: 'binary', description: 'Any document (PDF, image, spreadsheet ...), at most 10 MiB' }) })
  .openapi('UploadArtifact');

export const Artifact = z
  .object({
    id: z.string(),
    room_id: z.string(),
    filename: z.string(),
    content_type: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    created_at: Timestamp,
    url: z.string().openapi({ description: 'Where to download it (same auth)' }),
  })
  .openapi('DealRoomArtifact');
export const ArtifactPage = pageSchema(Artifact, 'DealRoomArtifactPage');
export const ArtifactListQuery = PageQuery.pick({ limit: true, offset: true });
