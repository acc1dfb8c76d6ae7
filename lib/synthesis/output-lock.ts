import * as fs from 'fs';
import * as path from 'path';
import * as lockfile from 'proper-lockfile';

/**
 * A lock whose holder has not refreshed it for this long was left by a run that died, and is
 * taken over. The holder refreshes it every STALE_MS / 3; a synth blocks the event loop for at
 * most a few seconds (0.5-4 s measured for 15 stacks on 2 cores), far below this.
 */
const STALE_MS = 30_000;

/** The environment variable telling a child process which output lock its parent holds for it. */
export const HELD_LOCK_VARIABLE = 'PLATFORM_OUTPUT_LOCK_HELD';

/** Who holds the lock, written beside it for the message of a run that waits. */
interface LockOwner {
  readonly pid: number;
  readonly command: string;
  readonly since: string;
}

/** The output lock of `outdir`: one run at a time may synthesize into it or run Terraform in it. */
export function outputLockPath(outdir: string): string {
  return `${path.resolve(outdir)}.lock`;
}

/** How to wait. */
export interface OutputLockOptions {
  /** What this run is, for the message of a run that waits (such as `npm run all -- plan`). */
  readonly command: string;
  /** Receives the one line saying what this run waits for. */
  readonly log: (line: string) => void;
  /** The environment, to see whether a parent process holds the lock already (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Runs `work` holding the output lock of `outdir`: a second run in the same checkout waits for
 * the first, saying which run it waits for, and never swaps the output under it. A run that died
 * leaves a lock nobody refreshes, taken over after 30 s. `work` gets the environment its child
 * processes need so that they do not wait for the lock their parent holds (the app, run by
 * run-all or by `npm run deploy`).
 */
export async function withOutputLock<T>(
  outdir: string,
  options: OutputLockOptions,
  work: (childEnv: NodeJS.ProcessEnv) => Promise<T> | T,
): Promise<T> {
  const lockPath = outputLockPath(outdir);
  const env = options.env ?? process.env;
  const childEnv = { ...env, [HELD_LOCK_VARIABLE]: lockPath };
  if (env[HELD_LOCK_VARIABLE] === lockPath) return work(childEnv);
  const release = await acquire(outdir, lockPath, options);
  const ownerFile = `${lockPath}-owner.json`;
  const owner: LockOwner = { pid: process.pid, command: options.command, since: new Date().toISOString() };
  fs.writeFileSync(ownerFile, JSON.stringify(owner));
  try {
    return await work(childEnv);
  } finally {
    fs.rmSync(ownerFile, { force: true });
    await release();
  }
}

async function acquire(outdir: string, lockPath: string, options: OutputLockOptions): Promise<() => Promise<void>> {
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  const settings = {
    lockfilePath: lockPath,
    realpath: false,
    stale: STALE_MS,
    update: STALE_MS / 3,
    onCompromised: (error: Error) =>
      options.log(`warning: the lock on ${path.basename(outdir)} was lost: ${error.message}`),
  };
  try {
    return await lockfile.lock(outdir, settings);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
  }
  options.log(`waiting for ${describeOwner(lockPath)} to finish: it holds ${path.basename(outdir)}`);
  return lockfile.lock(outdir, { ...settings, retries: { forever: true, minTimeout: 200, maxTimeout: 1000 } });
}

function describeOwner(lockPath: string): string {
  try {
    const owner = JSON.parse(fs.readFileSync(`${lockPath}-owner.json`, 'utf8')) as LockOwner;
    return `${owner.command} (pid ${owner.pid}, since ${owner.since.slice(11, 19)} UTC)`;
  } catch {
    return 'another run in this checkout';
  }
}
