import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type SynthMode, UsageError } from '../deployment/synth-target';
import { runSynth, SynthError } from '../synthesis/synth-process';
import { type AffectedStacks, allStacksAffected, compareSynthOutputs } from './affected-stacks';

/** What to compare. */
export interface AffectedSinceCommitOptions {
  /** The project folder: a git work tree; its working tree is the head. */
  readonly projectRoot: string;
  /** The base commit (a sha, a branch, a tag: anything git rev-parse takes). */
  readonly base: string;
  /** Synth mode of both sides: `real` (the default of the command) or `offline`. */
  readonly mode: Extract<SynthMode, 'real' | 'offline'>;
  /** Environments to synthesize; all when omitted. */
  readonly environments?: readonly string[];
  /** An existing synth output of the head, in the same mode, instead of synthesizing the working tree. */
  readonly headOutdir?: string;
}

/** The affected stacks, with the base commit they were compared with. */
export interface AffectedSinceCommit extends AffectedStacks {
  /** The base commit's full sha. */
  readonly baseCommit: string;
}

/**
 * Which stacks the working tree changes since a base commit: synthesizes the base (from
 * `git archive`, with this project's node_modules) and the head in the same mode, and compares
 * their Terraform JSON stack by stack (compareSynthOutputs). When the production dependencies in
 * package-lock.json differ, or the base does not synthesize, every stack is affected: the
 * comparison could not see what that changes.
 */
export function affectedSinceCommit(options: AffectedSinceCommitOptions): AffectedSinceCommit {
  const baseCommit = resolveCommit(options.projectRoot, options.base);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'affected-stacks-'));
  try {
    const environments =
      options.environments && options.environments.length > 0 ? { environments: options.environments } : {};
    const headOutdir = options.headOutdir ?? path.join(work, 'head.out');
    if (!options.headOutdir)
      runSynth({
        projectRoot: options.projectRoot,
        configRoot: options.projectRoot,
        mode: options.mode,
        outdir: headOutdir,
        ...environments,
      });
    const short = baseCommit.slice(0, 12);
    if (
      !sameProductionDependencies(
        gitShow(options.projectRoot, baseCommit, 'package-lock.json'),
        readIfExists(path.join(options.projectRoot, 'package-lock.json')),
      )
    ) {
      return {
        ...allStacksAffected(headOutdir, `the production dependencies in package-lock.json changed since ${short}`),
        baseCommit,
      };
    }
    const baseTree = path.join(work, 'base');
    extractCommit(options.projectRoot, baseCommit, baseTree);
    fs.symlinkSync(path.join(options.projectRoot, 'node_modules'), path.join(baseTree, 'node_modules'), 'dir');
    const baseOutdir = path.join(work, 'base.out');
    try {
      runSynth({
        projectRoot: baseTree,
        configRoot: baseTree,
        mode: options.mode,
        outdir: baseOutdir,
        ...environments,
      });
    } catch (error) {
      if (!(error instanceof SynthError)) throw error;
      return {
        ...allStacksAffected(headOutdir, `the base commit ${short} does not synthesize (${firstLine(error.message)})`),
        baseCommit,
      };
    }
    return { ...compareSynthOutputs(baseOutdir, headOutdir), baseCommit };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function resolveCommit(root: string, ref: string): string {
  const result = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (result.status !== 0)
    throw new UsageError(
      `the base commit "${ref}" is not in this clone; allowed: a commit, branch or tag of it ` +
        '(in GitHub Actions, check out with fetch-depth: 0)',
    );
  return result.stdout.toString('utf8').trim();
}

/** Writes the commit's tree into `target`, without touching the repository's work trees or index. */
function extractCommit(root: string, commit: string, target: string): void {
  fs.mkdirSync(target, { recursive: true });
  const archive = git(root, ['archive', '--format=tar', commit]);
  if (archive.status !== 0) throw new Error(`git archive ${commit} failed: ${archive.stderr.toString('utf8').trim()}`);
  const untar = spawnSync('tar', ['-x', '-C', target], { input: archive.stdout, maxBuffer: 1 << 30 });
  if (untar.status !== 0) throw new Error(`tar -x failed: ${untar.stderr.toString('utf8').trim()}`);
}

function gitShow(root: string, commit: string, file: string): string | undefined {
  const result = git(root, ['show', `${commit}:${file}`]);
  return result.status === 0 ? result.stdout.toString('utf8') : undefined;
}

function git(root: string, args: readonly string[]): ReturnType<typeof spawnSync> & { stdout: Buffer; stderr: Buffer } {
  const result = spawnSync('git', ['-C', root, ...args], { maxBuffer: 1 << 30 });
  if (result.error) throw new UsageError(`git could not run: ${result.error.message}`);
  return result as ReturnType<typeof spawnSync> & { stdout: Buffer; stderr: Buffer };
}

function readIfExists(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

interface LockFile {
  readonly packages?: Readonly<
    Record<
      string,
      {
        readonly version?: string;
        readonly integrity?: string;
        readonly dev?: boolean;
        readonly dependencies?: unknown;
      }
    >
  >;
}

/**
 * True when both lock files pin the same packages outside the development ones (`"dev": true`):
 * only those reach a synth, so a test tool's upgrade does not make every stack affected.
 */
function sameProductionDependencies(base: string | undefined, head: string | undefined): boolean {
  if (base === undefined || head === undefined) return base === head;
  const production = (text: string): string => {
    const lock = JSON.parse(text) as LockFile;
    const entries = Object.entries(lock.packages ?? {})
      .filter(([, p]) => p.dev !== true)
      .map(([name, p]) => [name, name === '' ? p.dependencies : [p.version, p.integrity]] as const);
    return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  };
  return production(base) === production(head);
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? text
  );
}
