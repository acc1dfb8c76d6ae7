import * as os from 'os';
import * as path from 'path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { type LoadConfigurationOptions, loadConfiguration, STACK_GRAPH } from '../main';
import type { PlatformConfig } from '../lib/configuration/platform-config';
import { ConfigError } from '../lib/configuration/config-error';
import { UsageError } from '../lib/deployment/synth-target';
import { bootstrapLocalAws, bootstrapRequestFor, writeOverlay } from '../lib/local-aws/local-aws-bootstrap';
import { startLocalAws } from '../lib/local-aws/local-aws-process';
import { assertLocalAwsAnswers } from '../lib/local-aws/local-aws-reachability';
import { startStateMachineValidationEndpoint } from '../lib/local-aws/state-machine-validation-endpoint';
import { runAll } from '../lib/orchestration/run-all';
import { STACK_COMMANDS, type StackCommand } from '../lib/orchestration/stack-command';
import { selectStacks } from '../lib/orchestration/stack-selection';
import { withOutputLock } from '../lib/synthesis/output-lock';
import { SynthError } from '../lib/synthesis/synth-process';
import { DEFAULT_LOCK_TIMEOUT } from '../lib/terraform-cli/stack-workspace';

/** Options of `npm run all -- <command>`. */
interface RunAllCliOptions {
  readonly env?: string[];
  readonly include?: string[];
  readonly exclude?: string[];
  readonly offline?: boolean;
  readonly local?: boolean;
  readonly parallelism: number;
  readonly keepGoing?: boolean;
  readonly outDir: string;
  readonly savePlans: boolean;
  readonly savedPlans?: string;
  readonly lockTimeout: string;
  readonly skipSynth?: boolean;
  readonly stateDir: string;
  readonly configRoot?: string;
}

const projectRoot = path.resolve(__dirname, '..');

/** Terraform's duration syntax for -lock-timeout: a whole number and a unit. */
function lockTimeout(value: string): string {
  if (!/^\d+(ms|s|m|h)$/.test(value)) throw new InvalidArgumentError('a duration such as 90s, 5m or 1h');
  return value;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number >= 1');
  return n;
}

async function execute(command: string, options: RunAllCliOptions): Promise<number> {
  if (!(STACK_COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`unknown command "${command}"; allowed: ${STACK_COMMANDS.join(', ')}`);
  const stackCommand = command as StackCommand;
  if (options.savedPlans !== undefined && stackCommand !== 'apply')
    throw new UsageError(`--saved-plans applies saved plans: only apply may use it, not ${stackCommand}`);
  if (options.savedPlans !== undefined && options.offline)
    throw new UsageError('--saved-plans applies plans; an offline synth is never applied');
  if (options.offline && !['plan', 'validate'].includes(stackCommand))
    throw new UsageError(`--offline plans with mock outputs: only plan and validate may use it, not ${stackCommand}`);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const outdir = path.join(projectRoot, 'cdktf.out');
  const filter = { environments: options.env ?? [], include: options.include ?? [], exclude: options.exclude ?? [] };
  // Nothing is started or created anywhere before the selection is known to name stacks that exist.
  const config = options.skipSynth ? undefined : loadConfiguration(configurationOptions(options));
  if (config)
    selectStacks(
      config.environments.flatMap((e) =>
        Object.keys(STACK_GRAPH).map((m) => ({ name: `${e.name}-${m}`, environment: e.name })),
      ),
      filter,
    );
  return withOutputLock(outdir, { command: `npm run all -- ${command}`, log }, async (synthEnv) => {
    const stopping: (() => Promise<void>)[] = [];
    try {
      let endpoint: string | undefined;
      if (options.local && process.env.LOCAL_AWS_ENDPOINT) {
        endpoint = process.env.LOCAL_AWS_ENDPOINT;
        await assertLocalAwsAnswers(endpoint, 'LOCAL_AWS_ENDPOINT');
      } else if (options.local) {
        const localAws = await startLocalAws({ logFile: path.join(projectRoot, '.local-aws', 'server.log') });
        stopping.push(() => localAws.stop());
        endpoint = localAws.endpoint;
        log(`local AWS started at ${endpoint}`);
      } else if (options.offline && stackCommand === 'plan') {
        // Planning a new state machine makes the provider call ValidateStateMachineDefinition, even offline.
        const validation = await startStateMachineValidationEndpoint();
        stopping.push(() => validation.stop());
        endpoint = validation.endpoint;
      }
      if (options.local && config) await bootstrap(endpoint!, config, options, log);
      const report = await runAll({
        projectRoot,
        command: stackCommand,
        filter,
        synth: options.skipSynth
          ? 'skip'
          : {
              ...(options.offline
                ? { mode: 'offline' as const }
                : options.local
                  ? { mode: 'local' as const, localEndpoint: endpoint!, localStateDir: options.stateDir }
                  : { mode: 'real' as const }),
              ...(options.configRoot ? { configRoot: path.resolve(options.configRoot) } : {}),
            },
        synthEnv,
        outdir,
        ...(options.savePlans && options.savedPlans === undefined ? { planDir: path.resolve(options.outDir) } : {}),
        ...(options.savedPlans !== undefined ? { savedPlanDir: path.resolve(options.savedPlans) } : {}),
        lockTimeout: options.lockTimeout,
        parallelism: options.parallelism,
        failFast: !options.keepGoing,
        ...(endpoint ? { awsEndpoint: endpoint } : {}),
        log,
      });
      process.stdout.write(`\n${report.table}\n`);
      if (stackCommand === 'output') {
        for (const [name, outcome] of report.outcomes)
          if (outcome.status === 'succeeded')
            process.stdout.write(`\n${name}:\n${JSON.stringify(outcome.result.outputs, null, 2)}\n`);
      }
      if (options.savePlans && options.savedPlans === undefined && ['plan', 'apply', 'destroy'].includes(stackCommand))
        process.stdout.write(`\nplans saved in ${path.relative(process.cwd(), path.resolve(options.outDir)) || '.'}\n`);
      process.stdout.write(
        `wall ${(report.wallMs / 1000).toFixed(1)}s for ${(report.sumMs / 1000).toFixed(1)}s of stack time ` +
          `(parallelism ${options.parallelism})\n`,
      );
      return report.ok ? 0 : 1;
    } finally {
      for (const stop of stopping) await stop();
    }
  });
}

function configurationOptions(options: RunAllCliOptions): LoadConfigurationOptions {
  return {
    root: options.configRoot ? path.resolve(options.configRoot) : projectRoot,
    ...(options.env ? { environments: options.env } : {}),
  };
}

/** Creates the state bucket and network of each environment in the local AWS, as an account would already have them. */
async function bootstrap(
  endpoint: string,
  config: PlatformConfig,
  options: RunAllCliOptions,
  log: (line: string) => void,
): Promise<void> {
  for (const environment of config.environments) {
    // Idempotent: an existing bucket and network are found again and reused.
    writeOverlay(
      options.stateDir,
      environment.name,
      await bootstrapLocalAws(endpoint, bootstrapRequestFor(environment)),
    );
    log(`local AWS: state bucket and network of ${environment.name} ready`);
  }
}

const program = new Command('run-all')
  .description(
    'Runs a Terraform command over the synthesized stacks in dependency order, like `terragrunt run --all`: ' +
      'independent stacks in parallel, destroy in reverse, each stack between its hooks, ' +
      'a failed stack stops its dependents.',
  )
  .argument('<command>', STACK_COMMANDS.join(' | '))
  .option('-e, --env <names...>', 'environments to run (default: all)')
  .option('--include <globs...>', 'stack name globs to run, such as "dev-*" or "*-batch"')
  .option('--exclude <globs...>', 'stack name globs to leave out')
  .addOption(
    new Option(
      '--offline',
      'synthesize offline: mock upstream outputs, no AWS account (plan and validate only)',
    ).conflicts('local'),
  )
  .addOption(
    new Option('--local', 'synthesize for the local AWS at LOCAL_AWS_ENDPOINT, or start one for this run').conflicts(
      'offline',
    ),
  )
  .option('-p, --parallelism <n>', 'stacks run at once', positiveInteger, Math.max(2, os.availableParallelism()))
  .option(
    '--keep-going',
    'after a failure keep running the stacks that do not depend on it (default: start nothing new)',
  )
  .option(
    '--out-dir <dir>',
    "folder for each stack's plan: <stack>.json (terraform show -json), <stack>.tfplan, <stack>.provenance.json",
    path.join('cdktf.out', 'plans'),
  )
  .option('--no-save-plans', 'do not save the plans (one Terraform run less per stack)')
  .option(
    '--saved-plans <dir>',
    'apply: apply the plans `plan` saved in this folder (terraform apply <planfile>), never planning again; ' +
      'stale, offline and provisional plans are refused',
  )
  .addOption(
    new Option('--lock-timeout <duration>', 'how long a command waits for a state lock held by another run')
      .argParser(lockTimeout)
      .env('TF_LOCK_TIMEOUT')
      .default(DEFAULT_LOCK_TIMEOUT),
  )
  .option('--skip-synth', 'run on cdktf.out as it is')
  .option('--state-dir <dir>', 'folder of the local AWS overlays', '.local-aws')
  .option(
    '--config-root <dir>',
    "folder holding config/ and batch-json/, such as an example under examples/ (default: the project's own)",
  )
  .action(async (command: string, options: RunAllCliOptions) => {
    process.exitCode = await execute(command, options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`Configuration error (nothing was run):\n${error.message}\n`);
  else if (error instanceof UsageError || error instanceof SynthError)
    process.stderr.write(`error: ${error.message}\n`);
  else throw error;
  process.exitCode = 1;
});
