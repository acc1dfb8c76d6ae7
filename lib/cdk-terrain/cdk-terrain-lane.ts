import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SYNTH_MODES, type SynthMode, UsageError } from '../deployment/synth-target';
import { runStackCommand } from '../orchestration/stack-command';
import { readSynthesizedStacks } from '../orchestration/synthesized-stacks';
import { terraformEnvironment } from '../terraform-cli/terraform-cli-config';
import { CDK_TERRAIN, cdkTerrainNodeProblem, type PackageManifest, switchToCdkTerrain } from './cdk-terrain-switch';
import { compareSynthOutputs, type SynthDifference } from './synth-comparison';

/** What the lane is asked to do. */
export interface CdkTerrainLaneOptions {
  /** The checkout on cdktf: its build is the reference, and with `apply` it is the one switched. */
  readonly projectRoot: string;
  /** Switch the checkout itself (package.json, package-lock.json, node_modules) instead of a scratch copy. */
  readonly apply: boolean;
  /** The stack `terraform validate` runs on. */
  readonly validateStack: string;
  /** Keep the scratch copy and the synthesized outputs. */
  readonly keep: boolean;
  /** Progress, one line at a time. */
  readonly log: (line: string) => void;
}

/** What the lane found. */
export interface CdkTerrainLaneReport {
  /** True when nothing but metadata differs and the stack validates. */
  readonly ok: boolean;
  /** The summary, one line per step, for stdout. */
  readonly lines: readonly string[];
  /** Every difference beyond metadata. */
  readonly failures: readonly SynthDifference[];
}

/** One configuration root the app is synthesized from: the platform's own, or an example's. */
interface SynthRoot {
  readonly name: string;
  readonly dir: string;
}

/** A step's command did not succeed. */
export class LaneStepError extends Error {
  public constructor(step: string, output: string) {
    super(`${step} failed; its last output:\n${output.split('\n').slice(-30).join('\n')}`);
    this.name = 'LaneStepError';
  }
}

// Variables that choose what the app synthesizes: the lane sets its own, the same for both builds.
const SYNTH_VARIABLES = /^(SYNTH_MODE|PLATFORM_\w+|LOCAL_AWS_\w+|CDKTF_\w+)$/;
// Left out of the scratch copy: installs, builds, outputs, caches and state.
const NOT_COPIED = new Set(['node_modules', '.git', '.build', '.tf-cache', '.local-aws', '.terraform', 'coverage']);

/**
 * The CDK Terrain lane: synthesizes every mode of the platform and of each example with the
 * checkout's cdktf build; switches a scratch copy (or, with `apply`, the checkout) to CDK Terrain and
 * installs it; synthesizes the same again, and once more offline through the cdktn CLI; compares each
 * pair (only metadata may differ); runs `terraform validate` on one stack of the cdktn build.
 */
export async function runCdkTerrainLane(options: CdkTerrainLaneOptions): Promise<CdkTerrainLaneReport> {
  const nodeProblem = cdkTerrainNodeProblem(process.version);
  if (nodeProblem) throw new UsageError(nodeProblem);
  const { projectRoot, log } = options;
  const manifestFile = path.join(projectRoot, 'package.json');
  const original = fs.readFileSync(manifestFile, 'utf8');
  const switched = switchToCdkTerrain(JSON.parse(original) as PackageManifest);
  const lines: string[] = [];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-terrain-'));
  const emptyStateDir = path.join(work, 'no-local-aws-state');
  fs.mkdirSync(emptyStateDir);
  const roots: SynthRoot[] = [
    { name: 'platform', dir: '.' },
    ...fs
      .readdirSync(path.join(projectRoot, 'examples'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && fs.existsSync(path.join(projectRoot, 'examples', e.name, 'config')))
      .map((e) => ({ name: e.name, dir: path.join('examples', e.name) })),
  ];
  const builds = roots.flatMap((root) => SYNTH_MODES.map((mode) => ({ root, mode })));
  const synthAll = async (projectDir: string, side: 'cdktf' | 'cdktn'): Promise<void> => {
    for (const { root, mode } of builds) {
      const env = synthEnvironment(projectDir, root, mode, emptyStateDir);
      env.CDKTF_OUTDIR = path.join(work, side, root.name, mode);
      fs.mkdirSync(path.dirname(env.CDKTF_OUTDIR), { recursive: true });
      await run(
        `${side} synth of ${root.name} (${mode})`,
        'node',
        [path.join('scripts', 'run-app.js')],
        projectDir,
        env,
      );
    }
  };
  const target = options.apply ? projectRoot : path.join(work, 'project');
  const lockFile = path.join(projectRoot, 'package-lock.json');
  const originalLock = fs.readFileSync(lockFile, 'utf8');
  let switchedCheckout = false;
  let ok = false;
  // Stops the scratch install when a step beside it fails.
  const abort = new AbortController();
  try {
    log(
      `synthesizing ${builds.length} builds with cdktf: ${roots.map((r) => r.name).join(', ')} ` +
        `x ${SYNTH_MODES.join(', ')}`,
    );
    const begun = Date.now();
    let install: Promise<Installed> | undefined;
    if (!options.apply) {
      copyProject(projectRoot, target);
      fs.writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(switched, null, 2)}\n`);
      // npm waits on the registry and the disk most of the time: it runs beside the reference synths.
      install = installCdkTerrain(target, path.join(projectRoot, 'node_modules'), abort.signal, log);
      install.catch(() => undefined); // awaited below; a failure meanwhile is not an unhandled rejection
    }
    await synthAll(projectRoot, 'cdktf');
    lines.push(`cdktf synth of ${builds.length} builds: ${seconds(begun)} s`);
    if (options.apply) {
      fs.writeFileSync(manifestFile, `${JSON.stringify(switched, null, 2)}\n`);
      switchedCheckout = true;
      install = installCdkTerrain(target, undefined, abort.signal, log);
    }
    log(`installing cdktn ${CDK_TERRAIN.release} and cdktn-cli ${CDK_TERRAIN.cli} in ${target}`);
    const installed = await install!;
    if (!options.apply) {
      const changed = changedSince(path.join(projectRoot, 'node_modules'), begun);
      if (changed) throw new LaneStepError('npm install in the scratch copy', `it changed ${changed}: run npm ci here`);
    }
    const warnings = installed.output.split('\n').filter((line) => line.startsWith('npm warn'));
    const { release, cli, constructs } = CDK_TERRAIN;
    lines.unshift(
      `npm install (cdktn ${release}, cdktn-cli ${cli}, constructs ${constructs}): ${installed.seconds} s, ` +
        (warnings.length > 0 ? `with warnings:\n  ${warnings.join('\n  ')}` : 'no warning'),
    );

    let started = Date.now();
    log(`synthesizing the same ${builds.length} builds with cdktn, and offline through the cdktn CLI`);
    await synthAll(target, 'cdktn');
    const platform = roots[0]!;
    const cliOut = path.join(work, 'cdktn-cli', platform.name, 'offline');
    fs.mkdirSync(path.dirname(cliOut), { recursive: true });
    await run(
      'cdktn synth through npm run cdktf',
      'node',
      ['--import', 'tsx', path.join('scripts', 'cdktf.ts'), 'synth', '--output', cliOut],
      target,
      synthEnvironment(target, platform, 'offline', emptyStateDir),
    );
    lines.push(`cdktn synth of ${builds.length} builds and the CLI's offline synth: ${seconds(started)} s`);

    const pairs = [
      ...builds.map(({ root, mode }) => ({
        name: `${root.name}/${mode}`,
        cdktf: path.join(work, 'cdktf', root.name, mode),
        cdktn: path.join(work, 'cdktn', root.name, mode),
      })),
      {
        name: `${platform.name}/offline (cdktn CLI)`,
        cdktf: path.join(work, 'cdktf', platform.name, 'offline'),
        cdktn: cliOut,
      },
    ];
    const failures: SynthDifference[] = [];
    const allowed = new Map<string, number>();
    let files = 0;
    for (const pair of pairs) {
      const comparison = compareSynthOutputs(pair.cdktf, pair.cdktn);
      files += comparison.files;
      for (const f of comparison.failures) failures.push({ ...f, file: `${pair.name}/${f.file}` });
      for (const a of comparison.allowed) {
        const key = `${a.path} ${JSON.stringify(a.cdktf)} -> ${JSON.stringify(a.cdktn)}`;
        allowed.set(key, (allowed.get(key) ?? 0) + 1);
      }
    }
    lines.push(
      `compared ${files} files of ${pairs.length} builds: ` +
        `${failures.length === 0 ? 'no difference' : `${failures.length} differences`} beyond metadata` +
        (allowed.size > 0 ? ` (metadata: ${[...allowed].map(([k, n]) => `${k} in ${n} files`).join('; ')})` : ''),
    );
    for (const f of failures.slice(0, 50))
      lines.push(`  ${f.file} ${f.path}: cdktf ${show(f.cdktf)}, cdktn ${show(f.cdktn)}`);
    if (failures.length > 50) lines.push(`  ... and ${failures.length - 50} more`);

    started = Date.now();
    const stack = readSynthesizedStacks(cliOut).find((s) => s.name === options.validateStack);
    if (!stack)
      throw new UsageError(
        `no stack ${options.validateStack} in the cdktn build; allowed: a stack name such as dev-batch`,
      );
    log(`terraform validate of ${stack.name} (cdktn build)`);
    // The checkout's Terraform environment: its provider mirror (TF_PROVIDER_MIRROR) and plugin cache.
    await runStackCommand(stack, 'validate', { env: terraformEnvironment(projectRoot) });
    lines.push(`terraform init and validate of ${stack.name} (cdktn build, offline): valid, ${seconds(started)} s`);
    ok = failures.length === 0;
    return { ok, lines, failures };
  } finally {
    abort.abort();
    if (switchedCheckout && !ok) {
      log('restoring package.json and package-lock.json, and reinstalling with npm ci');
      fs.writeFileSync(manifestFile, original);
      fs.writeFileSync(lockFile, originalLock);
      await run('npm ci (restoring cdktf)', 'npm', ['ci', '--no-audit', '--no-fund'], projectRoot, process.env);
    }
    if (options.keep || !ok) log(`the builds${options.apply ? '' : ' and the scratch copy'} are kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Fills `to` with hard links to the files under `from` (symbolic links recreated), so that npm install
 * in the scratch copy only adds, removes and replaces what differs from the checkout's install: 56 s
 * instead of 201 s measured (2 cores, load 34). npm replaces a package by extracting new files and
 * unlinking the old, never writing an installed file in place, except its hidden lock file
 * (node_modules/.package-lock.json, a cache of the tree), which is not linked; changedSince() checks
 * that the checkout's files kept their times. False, with nothing linked, when the two folders are on
 * different file systems.
 */
function linkTree(from: string, to: string): boolean {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.name === '.package-lock.json' && path.basename(from) === 'node_modules') continue;
    if (entry.isDirectory()) {
      if (!linkTree(source, target)) return false;
    } else if (entry.isSymbolicLink()) {
      fs.symlinkSync(fs.readlinkSync(source), target);
    } else {
      try {
        fs.linkSync(source, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        fs.rmSync(to, { recursive: true, force: true });
        return false;
      }
    }
  }
  return true;
}

/** The first file under `dir` modified after `since` (epoch ms), if any. */
function changedSince(dir: string, since: number): string | undefined {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const changed = changedSince(full, since);
      if (changed) return changed;
    } else if (entry.isFile() && fs.statSync(full).mtimeMs > since) {
      return full;
    }
  }
  return undefined;
}

/** What the install printed, and how long it took. */
interface Installed {
  readonly output: string;
  readonly seconds: string;
}

/**
 * npm install of the switched package.json in `dir` (on top of hard links to `linkFrom`, the
 * checkout's node_modules, when given), then allowScripts pruned of what is no longer installed
 * (cdktf-cli's node-pty).
 */
async function installCdkTerrain(
  dir: string,
  linkFrom: string | undefined,
  signal: AbortSignal,
  log: (line: string) => void,
): Promise<Installed> {
  const started = Date.now();
  if (linkFrom && !linkTree(linkFrom, path.join(dir, 'node_modules')))
    log('the scratch copy is on another file system than node_modules: npm installs every package');
  // --prefer-offline: package data npm has cached is used without asking the registry again.
  const npmInstall = ['install', '--prefer-offline', '--no-audit', '--no-fund'];
  const output = await run('npm install', 'npm', npmInstall, dir, process.env, signal);
  await run('npm install-scripts prune', 'npm', ['install-scripts', 'prune'], dir, process.env, signal);
  return { output, seconds: seconds(started) };
}

function synthEnvironment(projectDir: string, root: SynthRoot, mode: SynthMode, stateDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !SYNTH_VARIABLES.test(name)));
  return {
    ...env,
    SYNTH_MODE: mode,
    PLATFORM_CONFIG_ROOT: path.join(projectDir, root.dir),
    // The local mode reads the local AWS's overlays: none, on both sides, whatever a developer has in .local-aws.
    LOCAL_AWS_STATE_DIR: stateDir,
  };
}

function copyProject(from: string, to: string): void {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      return !NOT_COPIED.has(name) && !/^cdktf\.out/.test(name);
    },
  });
}

/** Runs a command to its end; its output (stdout and stderr together), or LaneStepError with the last of it. */
function run(
  step: string,
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  signal?: AbortSignal,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...(signal ? { signal } : {}) });
    let output = '';
    const collect = (chunk: Buffer): void => void (output += chunk.toString('utf8'));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => reject(new LaneStepError(step, error.message)));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new LaneStepError(step, output))));
  });
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(0);
}

function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
