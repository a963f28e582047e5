/**
 * A setup file of every test project: while coverage runs (./provider.ts names the directory),
 * the Node processes this worker spawns write their V8 coverage there. Set here, inside the
 * worker, so only children record it, not the worker itself.
 */
const dir = process.env.REOS_CHILD_COVERAGE_DIR;
if (dir) process.env.NODE_V8_COVERAGE = dir;
