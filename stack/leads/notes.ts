/**
 * POST and GET /leads/{id}/notes: free-text notes the team keeps on a lead.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { leadNotes, leads } from '../db/schema.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv } from '../lib/context.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { PageQuery } from '../lib/pagination.js';
import { findInTeam } from '../lib/team-scope.js';
import { Note, NoteCreate, NotePage } from './schema.js';
import { noteJson } from './serialize.js';

const createNoteRoute = createRoute({
  method: 'post',
  path: '/{id}/notes',
  tags: ['leads'],
  summary: 'Add a note to a lead',
  description: 'Free text, attributed to the caller; listed with GET /leads/{id}/notes.',
  security: bearerAuth,
  middleware: [requireWriter()] as const,
  request: { params: IdParams, body: jsonBody(NoteCreate) },
  responses: {
    201: { ...jsonResponse(Note, 'The new note'), headers: z.object({ Location: z.string() }) },
    ...errors(400, 401, 403, 404, 415, 422),
  },
});

const listNotesRoute = createRoute({
  method: 'get',
  path: '/{id}/notes',
  tags: ['leads'],
  summary: 'List a lead’s notes',
  description: 'The lead’s notes with their authors, with cursor or offset paging.',
  security: bearerAuth,
  request: { params: IdParams, query: PageQuery },
  responses: { 200: jsonResponse(NotePage, 'A page of notes, newest first'), ...errors(401, 404, 422) },
});

export function registerNotes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createNoteRoute, async (c) => {
    const user = c.get('user');
    const db = c.get('db');
    const lead = await findInTeam(db, leads, { teamId: user.teamId, id: c.req.valid('param').id }, { noun: 'lead' });
    const [note] = await db
      .insert(leadNotes)
      .values({ id: crypto.randomUUID(), teamId: user.teamId, leadId: lead.id, authorId: user.id, body: c.req.valid('json').body })
      .returning();
    return c.json(noteJson(note), 201, { Location: `/leads/${lead.id}/notes` });
  });

  app.openapi(listNotesRoute, async (c) => {
    const { teamId } = c.get('user');
    const db = c.get('db');
    const lead = await findInTeam(db, leads, { teamId, id: c.req.valid('param').id }, { noun: 'lead' });
    const page = await listPage(db, {
      table: leadNotes,
      where: and(eq(leadNotes.teamId, teamId), eq(leadNotes.leadId, lead.id)),
      page: c.req.valid('query'),
      toItem: noteJson,
    });
    return c.json(page, 200);
  });
}
