/**
 * The API replica entry point (`node dist/stack/main.js`): configured only by its environment
 * (see stack/config.ts and stack/process.ts), JSON logs on stdout, graceful on SIGTERM. Run by
 * `reos up --services` for each replica and by the Docker image; it does not depend on the CLI.
 */
import { runStackProcess } from './process.js';

await runStackProcess();
