/**
 * One API replica as its own process, for the multi-replica tests: startStack with the
 * environment it was given (DATABASE_URL, REDIS_URL, REDIS_KEY_PREFIX ...) on a free port, then
 * one JSON line `{"url": ...}` on stdout. SIGTERM closes it cleanly.
 */
import { loadStackConfig } from '../../stack/config.js';
import { startStack } from '../../stack/server.js';

const base = loadStackConfig(process.env, 'test');
const config = { ...base, host: '127.0.0.1', port: 0, mail: { ...base.mail, catcherSmtpPort: 0, catcherHttpPort: 0 } };
const stack = await startStack({ config });
process.stdout.write(`${JSON.stringify({ url: stack.url, pid: process.pid })}\n`);
const stop = () => void stack.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
