import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Command, InvalidArgumentError } from 'commander';
import { loadConfiguration } from '../main';
import { type TimedCommand, type Timing, timeCommand, timeCommands } from '../lib/benchmark/command-timer';
import { writeGeneratedConfiguration } from '../lib/benchmark/generated-configuration';
import { type ScalingSeries, scalingChart } from '../lib/benchmark/scaling-chart';
import { bootstrapLocalAws, bootstrapRequestFor, writeOverlay } from '../lib/local-aws/local-aws-bootstrap';
import { startLocalAws } from '../lib/local-aws/local-aws-process';
import { terraformEnvironment } from '../lib/terraform-cli/terraform-cli-config';
import { runAll, type RunAllReport } from '../lib/orchestration/run-all';
import { readSynthesizedStacks } from '../lib/orchestration/synthesized-stacks';
import { type FanOutFigures, simulateFanOut } from '../lib/plan-review/fan-out-simulation';

/** Options of `npm run bench`. */
interface BenchOptions {
  readonly runs: number;
  readonly terraform?: boolean;
  readonly tests?: boolean;
  readonly fanOut?: boolean;
  readonly fanOutOnly?: boolean;
  readonly out: string;
}

/** The fan-out simulation and the times it is built from. */
interface FanOutRun {
  readonly measuredOn: string;
  /** Seconds of each module's offline plan, median over the shipped environments, one stack at a time. */
  readonly moduleSeconds: Readonly<Record<string, number>>;
  /** Seconds of `npm ci` with a warm npm cache (what a job does after restoring it). */
  readonly npmCiSeconds: number;
  /** The machine's 1-minute load average when the measurements started and ended (os.loadavg()). */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly sizes: readonly FanOutFigures[];
}

/** Wall time of a run-all against the sum of its stacks' own times. */
interface ParallelRun {
  readonly stacks: number;
  readonly wallSeconds: number;
  readonly sumSeconds: number;
}

/** Everything one benchmark run measured. */
interface BenchResults {
  readonly date: string;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly node: string;
    readonly terraform: string;
  };
  readonly synth: Record<'app' | 'tsNode' | 'floor' | 'cdktfSynth', Timing>;
  readonly scaling: readonly ScalingSeries[];
  readonly targets: readonly {
    readonly name: string;
    readonly measured: string;
    readonly target: string;
    readonly met: boolean;
  }[];
  readonly terraform?: {
    readonly measuredOn: string;
    readonly offlinePlanAll: ParallelRun;
    readonly localDeployDev: ParallelRun;
  };
  readonly tests?: TestRun;
  readonly fanOut?: FanOutRun;
}

/** One timed `npm test`. */
interface TestRun {
  readonly measuredOn: string;
  readonly seconds: number;
  readonly tests: number;
}

/** `npm test` must finish within this on the 2-core machine (type check, unit, offline plan of every stack). */
const NPM_TEST_TARGET_SECONDS = 180;

const projectRoot = path.resolve(__dirname, '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number >= 1');
  return n;
}

/** The provider classes the stacks import: the floor loads exactly these and cdktf. */
function providerModulesUsed(): string[] {
  const modules = new Set<string>();
  const scan = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) scan(full);
      else if (entry.name.endsWith('.ts'))
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/from '(@cdktf\/provider-aws\/lib\/[a-z0-9-]+)'/g))
          modules.add(m[1]!);
    }
  };
  ['lib', 'stacks'].forEach((dir) => scan(path.join(projectRoot, dir)));
  return [...modules].sort();
}

/** Prints a timing as it is measured, and passes it on. */
function log(timing: Timing): Timing {
  process.stderr.write(`  ${timing.name}: median ${timing.median.toFixed(2)} s, peak ${timing.peakMemoryMiB} MiB\n`);
  return timing;
}

function synthCommands(runs: number): BenchResults['synth'] {
  const outdir = (name: string): string => path.join(work, name);
  const env = (name: string): NodeJS.ProcessEnv => ({
    SYNTH_MODE: 'offline',
    CDKTF_OUTDIR: outdir(name),
    CHECKPOINT_DISABLE: '1',
  });
  const floorScript = ['cdktf', 'constructs', ...providerModulesUsed()]
    .map((m) => `require(${JSON.stringify(m)});`)
    .join('');
  // The app and the floor are compared with each other: timed in alternation.
  const [app, floor] = timeCommands(
    [
      {
        name: 'app (esbuild bundle, node)',
        command: ['node', 'scripts/run-app.js'],
        cwd: projectRoot,
        env: env('app'),
      },
      {
        name: 'floor (node loading cdktf and the provider classes used)',
        command: ['node', '-e', floorScript],
        cwd: projectRoot,
      },
    ],
    runs,
  ).map(log);
  return {
    app: app!,
    tsNode: log(
      timeCommand(
        {
          name: 'app under ts-node (npx ts-node main.ts)',
          command: ['npx', 'ts-node', 'main.ts'],
          cwd: projectRoot,
          env: env('ts-node'),
        },
        Math.min(runs, 3),
      ),
    ),
    floor: floor!,
    cdktfSynth: log(
      timeCommand(
        {
          name: 'cdktf synth (CLI end to end)',
          command: [
            'node',
            path.join('node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'),
            'synth',
            '--output',
            outdir('cdktf'),
          ],
          cwd: projectRoot,
          env: env('cdktf'),
        },
        Math.min(runs, 3),
      ),
    ),
  };
}

function scalingSeries(runs: number): ScalingSeries[] {
  const command = (environments: number, jobDefinitions: number): TimedCommand => {
    const root = path.join(work, `config-${environments}-${jobDefinitions}`);
    writeGeneratedConfiguration({ source: projectRoot, target: root, environments, jobDefinitions });
    return {
      name: `${environments} environments, ${jobDefinitions} job definitions`,
      command: ['node', 'scripts/run-app.js'],
      cwd: projectRoot,
      env: { SYNTH_MODE: 'offline', CDKTF_OUTDIR: path.join(root, 'cdktf.out'), PLATFORM_CONFIG_ROOT: root },
    };
  };
  // Each series is timed in alternation: its points are compared with each other (50 environments against 3).
  const series = (sizes: readonly number[], of: (size: number) => TimedCommand) =>
    timeCommands(sizes.map(of), runs)
      .map(log)
      .map((timing, i) => ({ size: sizes[i]!, seconds: timing.median, memoryMiB: timing.peakMemoryMiB }));
  return [
    {
      title: 'Environments (5 stacks and 2 job definitions each)',
      points: series([1, 3, 10, 50], (n) => command(n, 2)),
    },
    { title: 'Job definitions (1 environment)', points: series([2, 20, 100], (n) => command(1, n)) },
  ];
}

function targets(
  synth: BenchResults['synth'],
  scaling: readonly ScalingSeries[],
  tests: TestRun | undefined,
): BenchResults['targets'] {
  const environments = scaling[0]!.points;
  const three = environments.find((p) => p.size === 3)!;
  const fifty = environments.find((p) => p.size === 50)!;
  const speedup = synth.tsNode.median / synth.app.median;
  const aboveFloor = synth.app.median - synth.floor.median;
  const growth = fifty.seconds / three.seconds;
  return [
    { name: 'faster than ts-node', measured: `${speedup.toFixed(1)}x`, target: '>= 5x', met: speedup >= 5 },
    {
      name: 'above the floor (shipped environments)',
      measured: `${aboveFloor.toFixed(2)} s`,
      target: '<= 0.5 s',
      met: aboveFloor <= 0.5,
    },
    { name: '50 environments against 3', measured: `${growth.toFixed(2)}x`, target: '< 5x', met: growth < 5 },
    {
      name: 'peak memory (shipped environments)',
      measured: `${synth.app.peakMemoryMiB} MiB`,
      target: '< 200 MiB',
      met: synth.app.peakMemoryMiB < 200,
    },
    ...(tests
      ? [
          {
            name: `npm test (${tests.tests} tests, measured ${tests.measuredOn})`,
            measured: `${tests.seconds.toFixed(0)} s`,
            target: `< ${NPM_TEST_TARGET_SECONDS} s`,
            met: tests.seconds < NPM_TEST_TARGET_SECONDS,
          },
        ]
      : []),
  ];
}

/** Times one `npm test` of this checkout, as a developer runs it; throws when it fails. */
function testRun(): TestRun {
  const started = performance.now();
  const result = spawnSync('npm', ['test'], { cwd: projectRoot, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const seconds = (performance.now() - started) / 1000;
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0)
    throw new Error(`npm test failed (exit ${result.status}):\n${output.split('\n').slice(-40).join('\n')}`);
  const passed = /Tests:\s+(\d+) passed/.exec(output)?.[1];
  if (!passed) throw new Error('npm test passed but printed no "Tests: N passed" line');
  return { measuredOn: new Date().toISOString().slice(0, 10), seconds, tests: Number(passed) };
}

async function terraformRuns(): Promise<NonNullable<BenchResults['terraform']>> {
  const parallel = (report: RunAllReport): ParallelRun => {
    if (!report.ok) throw new Error(`run-all failed:\n${report.table}`);
    return { stacks: report.stacks.length, wallSeconds: report.wallMs / 1000, sumSeconds: report.sumMs / 1000 };
  };
  const localAws = await startLocalAws();
  try {
    const common = {
      projectRoot,
      parallelism: 2,
      failFast: true,
      awsEndpoint: localAws.endpoint,
      log: (line: string) => void process.stderr.write(`  ${line}\n`),
    };
    process.stderr.write('run-all: offline plan of every environment\n');
    const offline = parallel(
      await runAll({
        ...common,
        command: 'plan',
        filter: { environments: [], include: [], exclude: [] },
        synth: { mode: 'offline' },
        outdir: path.join(work, 'plan-offline'),
      }),
    );
    const stateDir = path.join(work, 'local-aws');
    const dev = loadConfiguration({ root: projectRoot, environments: ['dev'] }).environments[0]!;
    writeOverlay(stateDir, 'dev', await bootstrapLocalAws(localAws.endpoint, bootstrapRequestFor(dev)));
    const filter = { environments: ['dev'], include: [], exclude: [] };
    const outdir = path.join(work, 'deploy-local');
    process.stderr.write('run-all: deploy of dev to the local AWS\n');
    const deploy = parallel(
      await runAll({
        ...common,
        command: 'apply',
        filter,
        synth: { mode: 'local', localEndpoint: localAws.endpoint, localStateDir: stateDir },
        outdir,
      }),
    );
    await runAll({ ...common, command: 'destroy', filter, synth: 'skip', outdir });
    return { measuredOn: new Date().toISOString().slice(0, 10), offlinePlanAll: offline, localDeployDev: deploy };
  } finally {
    await localAws.stop();
  }
}

/** Sizes the fan-out is simulated at, in environments. */
const FAN_OUT_SIZES = [3, 10, 50];

/**
 * Measures each module's plan time (offline, one stack at a time, so no stack slows another) and
 * `npm ci` from a warm cache, then simulates the CI fan-out at FAN_OUT_SIZES environments with the
 * matrices the workflows would build from those synth outputs.
 */
async function fanOutRun(): Promise<FanOutRun> {
  const loadAtStart = os.loadavg()[0]!;
  const localAws = await startLocalAws();
  let report: RunAllReport;
  try {
    process.stderr.write('run-all: offline plan of every stack, one at a time\n');
    report = await runAll({
      projectRoot,
      command: 'plan',
      filter: { environments: [], include: [], exclude: [] },
      synth: { mode: 'offline' },
      outdir: path.join(work, 'fan-out-plan'),
      parallelism: 1,
      failFast: true,
      awsEndpoint: localAws.endpoint,
      log: (line: string) => void process.stderr.write(`  ${line}\n`),
    });
  } finally {
    await localAws.stop();
  }
  if (!report.ok) throw new Error(`run-all failed:\n${report.table}`);
  const byModule = new Map<string, number[]>();
  for (const stack of readSynthesizedStacks(path.join(work, 'fan-out-plan'))) {
    const outcome = report.outcomes.get(stack.name)!;
    if (outcome.status !== 'succeeded') continue;
    byModule.set(stack.module, [...(byModule.get(stack.module) ?? []), outcome.durationMs / 1000]);
  }
  const moduleSeconds = Object.fromEntries([...byModule].map(([module, times]) => [module, median(times)]));
  const sizes = FAN_OUT_SIZES.map((environments) => {
    const root = path.join(work, `fan-out-${environments}`);
    writeGeneratedConfiguration({ source: projectRoot, target: root, environments, jobDefinitions: 2 });
    const outdir = path.join(root, 'cdktf.out');
    execFileSync('node', ['scripts/run-app.js'], {
      cwd: projectRoot,
      env: { ...process.env, SYNTH_MODE: 'offline', CDKTF_OUTDIR: outdir, PLATFORM_CONFIG_ROOT: root },
      stdio: 'ignore',
    });
    const stacks = readSynthesizedStacks(outdir).map((s) => ({ ...s, seconds: moduleSeconds[s.module]! }));
    return simulateFanOut(stacks);
  });
  const npmCiSeconds = npmCiFromWarmCache();
  const loadAverage = { start: loadAtStart, end: os.loadavg()[0]! };
  return { measuredOn: today(), moduleSeconds, npmCiSeconds, loadAverage, sizes };
}

/** `npm ci` of the project's lock file in a scratch folder, from the npm cache this machine already holds. */
function npmCiFromWarmCache(): number {
  const folder = path.join(work, 'npm-ci');
  fs.mkdirSync(folder, { recursive: true });
  for (const file of ['package.json', 'package-lock.json'])
    fs.copyFileSync(path.join(projectRoot, file), path.join(folder, file));
  const started = performance.now();
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: folder,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm ci failed:\n${result.stderr}`);
  return (performance.now() - started) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The fan-out section of performance.md. */
function fanOutSection(run: FanOutRun | undefined): string[] {
  const heading = ['## Fan-out on GitHub Actions (simulated)', ''];
  if (!run) return [...heading, 'Not measured yet: run `npm run bench -- --fan-out`.', ''];
  const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
  const s = (seconds: number): string => `${seconds.toFixed(0)} s`;
  const modules = Object.entries(run.moduleSeconds)
    .map(([module, seconds]) => `${module} ${seconds.toFixed(1)} s`)
    .join(', ');
  return [
    ...heading,
    `Measured on ${run.measuredOn}, with a 1-minute load average of ${run.loadAverage.start.toFixed(1)} at the start`,
    `and ${run.loadAverage.end.toFixed(1)} at the end (the machine's other work slows every figure alike): the plan`,
    'time of each stack of the shipped environments, offline and one at a time (median per module:',
    `${modules}), then a change to config/defaults.json, which affects every stack, simulated at each size with the`,
    'matrices `npm run plan:matrix` builds from that synth output.',
    'The critical path is the slowest stack of each dependency level, added up: how long a deploy of one',
    'environment plans when each level runs its stacks side by side. "Fanned out" is the pull request plan with',
    'one job per environment (two stacks at once on a 2-core runner); "one runner" plans every stack on one such',
    'runner, as the workflow did before. Runners are taken as free; each job also starts a runner, checks out,',
    `and installs (\`npm ci\` from a warm npm cache took ${s(run.npmCiSeconds)} here), once per job on the`,
    'critical path: once for a pull request, once per level for a deploy.',
    '',
    row([
      'environments',
      'stacks',
      'plan jobs (per environment)',
      'plan jobs (per stack)',
      'deploy jobs per level',
      'critical path',
      'fanned out',
      'one runner',
    ]),
    row(['---:', '---:', '---:', '---:', '---', '---:', '---:', '---:']),
    ...run.sizes.map((f) =>
      row([
        f.environments,
        f.stacks,
        f.planJobsPerEnvironment,
        f.planJobsPerStack,
        f.deployJobsPerLevel.join(' / '),
        s(f.criticalPathSeconds),
        s(f.fannedOutSeconds),
        s(f.oneRunnerSeconds),
      ]),
    ),
    '',
  ];
}

function markdown(results: BenchResults): string {
  const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const synthRows = Object.values(results.synth).map((t) =>
    row([t.name, `${t.median.toFixed(2)} s`, t.runs.map((r) => r.toFixed(2)).join(', '), `${t.peakMemoryMiB} MiB`]),
  );
  const scalingRows = results.scaling.flatMap((s) =>
    s.points.map((p) => row([s.title, String(p.size), `${p.seconds.toFixed(2)} s`, `${p.memoryMiB} MiB`])),
  );
  const m = results.machine;
  const tf = results.terraform;
  return [
    '# Performance',
    '',
    `Measured by \`npm run bench\` on ${results.date}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ` +
      `Node ${m.node}, Terraform ${m.terraform}.`,
    'Every figure below comes from that run, except the Terraform runs, `npm test` and the fan-out, measured when ' +
      'the command was given `--terraform`, `--tests` and `--fan-out` (their dates are shown); rerun it to refresh ' +
      'this file.',
    'Times are wall-clock medians after one warm-up run; ' +
      'memory is the largest resident set of any node process of a run.',
    'Commands compared with each other (the app and the floor; the points of each scaling series) run in ' +
      'alternation, round by round, so a slow spell of the host slows them alike.',
    '',
    '## Synthesizing the shipped configuration (3 environments, 15 stacks)',
    '',
    row(['command', 'median', 'runs', 'peak memory']),
    row(['---', '---:', '---', '---:']),
    ...synthRows,
    '',
    "The app runs from a bundle esbuild makes of `main.ts` and the project's modules (`scripts/run-app.js`), " +
      'rebuilt only when a source changes;',
    'dependencies load from node_modules, except zod, bundled and tree-shaken to what the loader uses; every ' +
      'provider class is imported from `@cdktf/provider-aws/lib/<resource>`, never the package barrel.',
    'The floor is a node process that only loads cdktf, constructs and the provider classes the stacks use.',
    '',
    '## Targets',
    '',
    row(['target', 'measured', 'required', 'met']),
    row(['---', '---:', '---:', '---']),
    ...results.targets.map((t) => row([t.name, t.measured, t.target, t.met ? 'yes' : '**no**'])),
    '',
    '## Scaling',
    '',
    '![Synth time and peak memory against configuration size](performance-scaling.svg)',
    '',
    row(['series', 'size', 'median synth time', 'peak memory']),
    row(['---', '---:', '---:', '---:']),
    ...scalingRows,
    '',
    '## Terraform runs (run-all)',
    '',
    ...(tf
      ? [
          `Measured on ${tf.measuredOn}, parallelism 2 (one stack per core). Independent stacks run in parallel; ` +
            'all stacks share one provider plugin cache (the provider is linked, not copied), and `terraform init` ' +
            "is skipped when a stack's backend, providers, CLI config and lock file have not changed.",
          '',
          row(['run', 'stacks', 'wall time', 'sum of stack times', 'saved by parallelism']),
          row(['---', '---:', '---:', '---:', '---:']),
          row([
            'offline plan of every environment',
            String(tf.offlinePlanAll.stacks),
            `${tf.offlinePlanAll.wallSeconds.toFixed(0)} s`,
            `${tf.offlinePlanAll.sumSeconds.toFixed(0)} s`,
            `${(100 * (1 - tf.offlinePlanAll.wallSeconds / tf.offlinePlanAll.sumSeconds)).toFixed(0)} %`,
          ]),
          row([
            'deploy of dev to the local AWS',
            String(tf.localDeployDev.stacks),
            `${tf.localDeployDev.wallSeconds.toFixed(0)} s`,
            `${tf.localDeployDev.sumSeconds.toFixed(0)} s`,
            `${(100 * (1 - tf.localDeployDev.wallSeconds / tf.localDeployDev.sumSeconds)).toFixed(0)} %`,
          ]),
        ]
      : ['Not measured yet: run `npm run bench -- --terraform`.']),
    '',
    ...fanOutSection(results.fanOut),
    '## npm test',
    '',
    ...(results.tests
      ? [
          `Measured on ${results.tests.measuredOn}: ${results.tests.seconds.toFixed(0)} s ` +
            `for ${results.tests.tests} tests (type check, unit tests, \`terraform init\` and \`terraform plan\` ` +
            `of every stack of every environment offline), against a target of ${NPM_TEST_TARGET_SECONDS} s.`,
          'CI runs `npm run test:deploy` (the end-to-end deploy to the local AWS) beside it.',
        ]
      : ['Not measured yet: run `npm run bench -- --tests`.']),
    '',
  ].join('\n');
}

async function bench(options: BenchOptions): Promise<number> {
  const outDir = path.resolve(options.out);
  const previous = fs.existsSync(path.join(outDir, 'performance.json'))
    ? (JSON.parse(fs.readFileSync(path.join(outDir, 'performance.json'), 'utf8')) as BenchResults)
    : undefined;
  if (options.fanOutOnly) {
    // Only the fan-out: every other figure stays as the last full run measured it.
    if (!previous) throw new Error(`--fan-out-only needs ${path.join(outDir, 'performance.json')} from a full run`);
    const results: BenchResults = { ...previous, fanOut: await fanOutRun() };
    fs.writeFileSync(path.join(outDir, 'performance.json'), `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(path.join(outDir, 'performance.md'), markdown(results));
    process.stdout.write(`results: ${path.relative(process.cwd(), path.join(outDir, 'performance.md'))}\n`);
    return 0;
  }
  process.stderr.write(`synth, ${options.runs} measured runs each (ts-node and the cdktf CLI: at most 3)\n`);
  const synth = synthCommands(options.runs);
  process.stderr.write('scaling series\n');
  const scaling = scalingSeries(options.runs);
  const terraform = options.terraform ? await terraformRuns() : previous?.terraform;
  if (options.tests) process.stderr.write('npm test\n');
  const tests = options.tests ? testRun() : previous?.tests;
  const fanOut = options.fanOut ? await fanOutRun() : previous?.fanOut;
  const cpus = os.cpus();
  const results: BenchResults = {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.versions.node,
      terraform:
        execFileSync('terraform', ['version', '-json'], {
          encoding: 'utf8',
          env: terraformEnvironment(projectRoot),
        }).match(/"terraform_version":\s*"([^"]+)"/)?.[1] ?? 'unknown',
    },
    synth,
    scaling,
    targets: targets(synth, scaling, tests),
    ...(terraform ? { terraform } : {}),
    ...(tests ? { tests } : {}),
    ...(fanOut ? { fanOut } : {}),
  };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'performance.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, 'performance-scaling.svg'), scalingChart(scaling));
  fs.writeFileSync(path.join(outDir, 'performance.md'), markdown(results));
  for (const t of results.targets)
    process.stdout.write(`${t.met ? 'met    ' : 'MISSED '} ${t.name}: ${t.measured} (target ${t.target})\n`);
  process.stdout.write(`results: ${path.relative(process.cwd(), path.join(outDir, 'performance.md'))}\n`);
  return results.targets.every((t) => t.met) ? 0 : 1;
}

new Command('bench')
  .description(
    'Measures synth time and memory (the app, ts-node, the floor, the cdktf CLI, scaling series) and checks the ' +
      'performance targets; writes docs/performance.{md,json} and docs/performance-scaling.svg.',
  )
  .option('--runs <n>', 'measured runs per command', positiveInteger, 5)
  .option(
    '--terraform',
    'also time run-all: an offline plan of every environment and a deploy of dev to the local AWS (minutes)',
  )
  .option(
    '--tests',
    'also time `npm test` once (about 2 minutes; needs TF_PROVIDER_MIRROR on an air-gapped machine, as npm test does)',
  )
  .option(
    '--fan-out',
    "also simulate the CI fan-out at 3, 10 and 50 environments from each stack's measured plan time (minutes)",
  )
  .option('--fan-out-only', 'simulate the fan-out only; keep every other figure of the last run')
  .option('--out <dir>', 'folder for the results', 'docs')
  .action(async (options: BenchOptions) => {
    try {
      process.exitCode = await bench(options);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  })
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
