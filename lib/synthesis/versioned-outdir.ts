import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The steps of a swap, in order. A test stops the process at each one (SwapOptions.onStep) and
 * checks that the output folder is always whole: the previous version or the new one.
 */
export const SWAP_STEPS = [
  'version-created',
  'version-written',
  'version-held',
  'previous-folder-moved',
  'link-created',
  'link-swapped',
  'cleaned',
] as const;

/** One step of a swap. */
export type SwapStep = (typeof SWAP_STEPS)[number];

/** How to swap. */
export interface SwapOptions {
  /** The process using the new version until it ends; its version is kept while it lives (default: this process). */
  readonly holderPid?: number;
  /** Called after each step: the seam a crash-consistency test stops the process in. */
  readonly onStep?: (step: SwapStep) => void;
}

/** Where the versions of `outdir` are kept: `<outdir>.versions/`, beside it. */
export function versionsFolder(outdir: string): string {
  return `${path.resolve(outdir)}.versions`;
}

/**
 * Writes a new version of `outdir` and makes it current in one atomic step. `outdir` is a
 * symlink to a complete folder under `<outdir>.versions/`: `write` fills a new folder there, then
 * a symlink to it replaces `outdir` by rename(2), so whoever reads `outdir` sees the previous
 * version or the new one, whole, whenever this process is stopped. A failure of `write` leaves
 * the previous version current. A run that resolved `outdir` keeps its version: versions held by
 * a live process are kept, every other one (and what crashed runs left) is removed. Folders are
 * created with the user's umask. Returns the new version's folder.
 */
export function writeAtomically(
  outdir: string,
  write: (versionDir: string) => void,
  options: SwapOptions = {},
): string {
  const target = path.resolve(outdir);
  const versions = versionsFolder(target);
  const step = options.onStep ?? (() => undefined);
  fs.mkdirSync(versions, { recursive: true });
  const version = path.join(versions, `${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`);
  // mkdirSync, not mkdtempSync: mkdtemp creates mode 0700 whatever the umask.
  fs.mkdirSync(version);
  step('version-created');
  try {
    write(version);
  } catch (error) {
    fs.rmSync(version, { recursive: true, force: true });
    throw error;
  }
  step('version-written');
  holdVersion(target, version, options.holderPid ?? process.pid);
  step('version-held');
  if (isRealFolder(target)) {
    // An output folder from before versions existed: it becomes a version, removed below like any other.
    fs.renameSync(target, path.join(versions, `previous-${process.pid}-${randomBytes(3).toString('hex')}`));
    step('previous-folder-moved');
  }
  const link = `${target}.link-${process.pid}`;
  fs.rmSync(link, { force: true });
  fs.symlinkSync(path.relative(path.dirname(target), version), link);
  step('link-created');
  fs.renameSync(link, target);
  step('link-swapped');
  removeUnusedVersions(target);
  step('cleaned');
  return version;
}

/** The version folder `outdir` points to now (for a run that must keep using it), held for `pid`. */
export function holdCurrentVersion(outdir: string, pid: number = process.pid): string {
  const target = path.resolve(outdir);
  const version = currentVersion(target);
  if (version === undefined) return target;
  if (path.dirname(version) === versionsFolder(target)) holdVersion(target, version, pid);
  return version;
}

/**
 * Removes every version that is not current and not held by a live process, and what runs of
 * earlier releases left (`<outdir>.staging-*`, `<outdir>.retired-*`) or crashed runs (`<outdir>.link-*`).
 */
export function removeUnusedVersions(outdir: string): void {
  const target = path.resolve(outdir);
  const versions = versionsFolder(target);
  const current = currentVersion(target);
  const held = heldVersions(target);
  if (fs.existsSync(versions)) {
    for (const entry of fs.readdirSync(versions)) {
      const full = path.join(versions, entry);
      if (entry === HOLDERS || full === current || held.has(full)) continue;
      fs.rmSync(full, { recursive: true, force: true });
    }
  }
  const parent = path.dirname(target);
  const base = path.basename(target);
  for (const entry of fs.readdirSync(parent)) {
    const leftover = /^\.(staging-.+|retired-(\d+)|link-(\d+))$/.exec(entry.slice(base.length));
    if (!entry.startsWith(base) || !leftover) continue;
    const pid = Number(leftover[2] ?? leftover[3] ?? NaN);
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) continue;
    fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}

const HOLDERS = 'holders';

/** Records that `pid` uses `version`: `<outdir>.versions/holders/<pid>` names it. */
function holdVersion(target: string, version: string, pid: number): void {
  const holders = path.join(versionsFolder(target), HOLDERS);
  fs.mkdirSync(holders, { recursive: true });
  const file = path.join(holders, String(pid));
  fs.writeFileSync(`${file}.${process.pid}.tmp`, path.basename(version));
  fs.renameSync(`${file}.${process.pid}.tmp`, file);
}

/** The versions live processes hold; the records of ended processes are removed. */
function heldVersions(target: string): Set<string> {
  const versions = versionsFolder(target);
  const holders = path.join(versions, HOLDERS);
  const held = new Set<string>();
  if (!fs.existsSync(holders)) return held;
  for (const entry of fs.readdirSync(holders)) {
    const file = path.join(holders, entry);
    const pid = Number(entry);
    if (!Number.isInteger(pid) || !isAlive(pid)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    try {
      held.add(path.join(versions, fs.readFileSync(file, 'utf8').trim()));
    } catch {
      // Removed by its process meanwhile.
    }
  }
  return held;
}

function currentVersion(target: string): string | undefined {
  try {
    return fs.realpathSync(target);
  } catch {
    return undefined;
  }
}

function isRealFolder(target: string): boolean {
  try {
    return fs.lstatSync(target).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a process with this id runs (EPERM: it runs, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
