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

/** Options of `npm run bench`. */
interface BenchOptions {
  readonly runs: number;
  readonly terraform?: boolean;
  readonly tests?: boolean;
  readonly out: string;
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
    `Measured by \`npm run bench\` on ${results.date}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, Terraform ${m.terraform}.`,
    'Every figure below comes from that run, except the Terraform runs and `npm test`, measured when the command was given `--terraform` and `--tests` (their dates are shown); rerun it to refresh this file.',
    'Times are wall-clock medians after one warm-up run; memory is the largest resident set of any node process of a run.',
    'Commands compared with each other (the app and the floor; the points of each scaling series) run in alternation, round by round, so a slow spell of the host slows them alike.',
    '',
    '## Synthesizing the shipped configuration (3 environments, 15 stacks)',
    '',
    row(['command', 'median', 'runs', 'peak memory']),
    row(['---', '---:', '---', '---:']),
    ...synthRows,
    '',
    "The app runs from a bundle esbuild makes of `main.ts` and the project's modules (`scripts/run-app.js`), rebuilt only when a source changes;",
    'dependencies load from node_modules, except zod, bundled and tree-shaken to what the loader uses; every provider class is imported from `@cdktf/provider-aws/lib/<resource>`, never the package barrel.',
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
          `Measured on ${tf.measuredOn}, parallelism 2 (one stack per core). Independent stacks run in parallel; all stacks share one provider plugin cache (the provider is linked, not copied), and \`terraform init\` is skipped when a stack's backend, providers, CLI config and lock file have not changed.`,
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
    '## npm test',
    '',
    ...(results.tests
      ? [
          `Measured on ${results.tests.measuredOn}: ${results.tests.seconds.toFixed(0)} s for ${results.tests.tests} tests (type check, unit tests, \`terraform init\` and \`terraform plan\` of every stack of every environment offline), against a target of ${NPM_TEST_TARGET_SECONDS} s.`,
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
  process.stderr.write(`synth, ${options.runs} measured runs each (ts-node and the cdktf CLI: at most 3)\n`);
  const synth = synthCommands(options.runs);
  process.stderr.write('scaling series\n');
  const scaling = scalingSeries(options.runs);
  const terraform = options.terraform ? await terraformRuns() : previous?.terraform;
  if (options.tests) process.stderr.write('npm test\n');
  const tests = options.tests ? testRun() : previous?.tests;
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
    'Measures synth time and memory (the app, ts-node, the floor, the cdktf CLI, scaling series) and checks the performance targets; writes docs/performance.{md,json} and docs/performance-scaling.svg.',
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
