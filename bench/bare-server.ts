// Baseline for the GET benchmark: the same JSON text served by a bare Fastify route.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const body = readFileSync(String(process.env.BODY_FILE), 'utf8');
const app = Fastify({ logger: false });
app.get('/bare', async (_req, reply) => reply.type('application/json').send(body));
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
