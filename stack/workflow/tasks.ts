/**
 * Tasks under /workflow/tasks: create, list (by assignee, status, due date, lead, property), get,
 * PATCH (title, notes, assignee, due date, links) and complete. Every id a body names (assignee,
 * lead, property, deal) must be in the caller's team, or the answer is a 422 pointing at it.
 * Writes are announced as task.created, task.updated and task.completed.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, isNull, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { announce } from '../events/announce.js';
import { requireWriter } from '../lib/auth-guard.js';
import type { AppEnv, AuthUser } from '../lib/context.js';
import { definedOnly } from '../lib/columns.js';
import { listPage } from '../lib/list-page.js';
import { bearerAuth, errors, IdParams, jsonBody, jsonResponse } from '../lib/openapi.js';
import { ProblemError } from '../lib/problem.js';
import { checkReferences, findInTeam, inTeam } from '../lib/team-scope.js';
import { nextUpdatedAt } from '../lib/timestamps.js';
import { Task, TaskCreate, TaskListQuery, TaskPage, TaskUpdate } from './schema.js';
import { taskJson, type TaskRow } from './serialize.js';
import { tasks } from './tables.js';

const tags = ['workflow'];
const TASK_PATH = '/tasks/{id}';

const create = createRoute({
  method: 'post', path: '/tasks', tags, summary: 'Create a task',
  description: 'Assigned to the caller unless `assignee_id` names another active member (or null). Links to a lead, property or deal are optional and must be in your team.',
  security: bearerAuth, middleware: [requireWriter()] as const,
  request: { body: jsonBody(TaskCreate) },
  responses: { 201: { ...jsonResponse(Task, 'The new task'), headers: z.object({ Location: z.string() }) }, ...errors(401, 403, 415, 422) },
});
const list = createRoute({
  method: 'get', path: '/tasks', tags, summary: 'List tasks',
  description: 'Newest first. `assignee=me` lists the caller’s, `assignee=none` the unassigned ones; `due_before` those due before an instant (overdue: now).',
  security: bearerAuth, request: { query: TaskListQuery },
  responses: { 200: jsonResponse(TaskPage, 'A page of tasks'), ...errors(401, 422) },
});
const get = createRoute({
  method: 'get', path: TASK_PATH, tags, summary: 'Get a task',
  description: 'The task with its assignee, due date, status and links. Another team’s task is a 404.', security: bearerAuth,
  request: { params: IdParams }, responses: { 200: jsonResponse(Task, 'The task'), ...errors(401, 404) },
});
const update = createRoute({
  method: 'patch', path: TASK_PATH, tags, summary: 'Change a task: assign it, move its due date, rename it',
  description: 'An assignee who is not an active member of your team is a 422 at /assignee_id.',
  security: bearerAuth, middleware: [requireWriter()] as const,
  request: { params: IdParams, body: jsonBody(TaskUpdate) },
  responses: { 200: jsonResponse(Task, 'The task'), ...errors(401, 403, 404, 415, 422) },
});
const complete = createRoute({
  method: 'post', path: `${TASK_PATH}/complete`, tags, summary: 'Complete a task',
  description: 'A task already done is a 409 and keeps its first completion time.',
  security: bearerAuth, middleware: [requireWriter()] as const,
  request: { params: IdParams },
  responses: { 200: jsonResponse(Task, 'The completed task'), ...errors(401, 403, 404, 409) },
});

type Links = Pick<TaskUpdate, 'assignee_id' | 'lead_id' | 'property_id' | 'deal_id'>;

function checkTaskReferences(db: Db, teamId: string, body: Links): Promise<void> {
  return checkReferences(db, teamId, [
    { kind: 'user', id: body.assignee_id, pointer: '/assignee_id' },
    { kind: 'lead', id: body.lead_id, pointer: '/lead_id' },
    { kind: 'property', id: body.property_id, pointer: '/property_id' },
    { kind: 'deal', id: body.deal_id, pointer: '/deal_id' },
  ]);
}

function taskValues(body: TaskUpdate): Partial<typeof tasks.$inferInsert> {
  return definedOnly({
    title: body.title,
    notes: body.notes,
    assigneeId: body.assignee_id,
    dueAt: body.due_at === undefined ? undefined : body.due_at === null ? null : new Date(body.due_at),
    leadId: body.lead_id,
    propertyId: body.property_id,
    dealId: body.deal_id,
  });
}

function assigneeFilter(user: AuthUser, assignee: string | undefined): SQL | undefined {
  if (assignee === undefined) return undefined;
  if (assignee === 'none') return isNull(tasks.assigneeId);
  return eq(tasks.assigneeId, assignee === 'me' ? user.id : assignee);
}

/** Inserts a task; `db` may be the transaction of the write that caused it. */
export async function insertTask(db: Db, values: Omit<typeof tasks.$inferInsert, 'id'>): Promise<TaskRow> {
  const [row] = await db.insert(tasks).values({ id: crypto.randomUUID(), ...values }).returning();
  return row;
}

async function changeTask(db: Db, teamId: string, id: string, change: (current: TaskRow) => Partial<typeof tasks.$inferInsert>): Promise<TaskRow> {
  return db.transaction(async (tx) => {
    const current = await findInTeam(tx, tasks, { teamId, id }, { noun: 'task', lock: true });
    const [row] = await tx.update(tasks).set({ ...change(current), updatedAt: nextUpdatedAt(tasks.updatedAt) }).where(inTeam(tasks, { teamId, id })).returning();
    return row;
  });
}

export function registerTasks(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const user = c.get('user');
    const body = c.req.valid('json');
    const withAssignee = { ...body, assignee_id: body.assignee_id === undefined ? user.id : body.assignee_id };
    await checkTaskReferences(c.get('db'), user.teamId, withAssignee);
    const row = await insertTask(c.get('db'), { teamId: user.teamId, createdBy: user.id, source: 'manual', ...taskValues(withAssignee), title: body.title });
    const task = taskJson(row);
    await announce(c, 'task.created', task);
    return c.json(task, 201, { Location: `/workflow/tasks/${row.id}` });
  });

  app.openapi(list, async (c) => {
    const user = c.get('user');
    const query = c.req.valid('query');
    const where = and(
      eq(tasks.teamId, user.teamId),
      assigneeFilter(user, query.assignee),
      query.status === undefined ? undefined : eq(tasks.status, query.status),
      query.due_before === undefined ? undefined : lt(tasks.dueAt, new Date(query.due_before)),
      query.lead_id === undefined ? undefined : eq(tasks.leadId, query.lead_id),
      query.property_id === undefined ? undefined : eq(tasks.propertyId, query.property_id),
    );
    return c.json(await listPage(c.get('db'), { table: tasks, where, page: query, toItem: taskJson }), 200);
  });

  app.openapi(get, async (c) => {
    const row = await findInTeam(c.get('db'), tasks, { teamId: c.get('user').teamId, id: c.req.valid('param').id }, { noun: 'task' });
    return c.json(taskJson(row), 200);
  });

  app.openapi(update, async (c) => {
    const { teamId } = c.get('user');
    const body = c.req.valid('json');
    const { id } = c.req.valid('param');
    // 404 before 422: a stranger's task id is unknown whatever the body says.
    await findInTeam(c.get('db'), tasks, { teamId, id }, { noun: 'task' });
    await checkTaskReferences(c.get('db'), teamId, body);
    const task = taskJson(await changeTask(c.get('db'), teamId, id, () => taskValues(body)));
    await announce(c, 'task.updated', task);
    return c.json(task, 200);
  });

  app.openapi(complete, async (c) => {
    const { teamId } = c.get('user');
    const { id } = c.req.valid('param');
    const row = await changeTask(c.get('db'), teamId, id, (current) => {
      if (current.status === 'done') throw new ProblemError(409, { detail: `Task ${id} was already completed at ${current.completedAt?.toISOString()}.` });
      return { status: 'done', completedAt: new Date() };
    });
    const task = taskJson(row);
    await announce(c, 'task.completed', task);
    return c.json(task, 200);
  });
}
