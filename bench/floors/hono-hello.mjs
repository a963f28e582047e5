// Floor for the throughput benchmark: a Hono route on @hono/node-server answering a constant.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/properties/:id', (c) => c.json({ id: c.req.param('id'), address: '123 Demo St' }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('ready'));
