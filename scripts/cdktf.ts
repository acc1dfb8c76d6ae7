import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { synthTargetFromEnvironment, UsageError } from '../lib/deployment/synth-target';
import { assertLocalAwsAnswers } from '../lib/local-aws/local-aws-reachability';
import {
  type StateMachineValidationEndpoint,
  startStateMachineValidationEndpoint,
} from '../lib/local-aws/state-machine-validation-endpoint';
import { approvalWithoutTerminal, CHANGING_COMMANDS } from '../lib/orchestration/approval-terminal';
import { cdktfEnvironment } from '../lib/orchestration/cdktf-environment';
import { hooksLeftOut } from '../lib/orchestration/hooks-left-out';
import { unknownStackMessage } from '../lib/orchestration/stack-selection';
import { readSynthesizedStacks, type SynthesizedStack } from '../lib/orchestration/synthesized-stacks';
import { deployedDependents, undeployedUpstreams } from '../lib/orchestration/upstream-states';
import { withOutputLock } from '../lib/synthesis/output-lock';
import { runSynth, SynthError } from '../lib/synthesis/synth-process';
import { holdCurrentVersion } from '../lib/synthesis/versioned-outdir';
import { backendChangeMessage, backendChanges } from '../lib/terraform-cli/backend-change';
import { cdkCliEntry } from '../lib/terraform-cli/cdk-cli';
import picomatch from 'picomatch';

/**
 * `cdktf` with the project's Terraform environment (the CLI config written from
 * TF_PROVIDER_MIRROR, the shared plugin cache, CHECKPOINT_DISABLE) and the checks cdktf does not
 * make, each one line before anything runs: the local AWS answers; every stack named exists
 * (else the closest names); a deploy's upstream stacks are deployed and a destroy's dependents are
 * not (read from their states); a stack's backend on AWS did not change. It synthesizes once, in
 * the mode SYNTH_MODE says, holding the output lock, then runs cdktf on that output with
 * --skip-synth, one stack after another (a destroy dependents first). Interactive approval works
 * as in cdktf: the terminal is cdktf's. Hooks are run-all's: cdktf runs none, and says which it left out.
 *
 *   npm run deploy -- dev-batch
 *   npm run cdktf -- diff prod-step-function
 */
/** cdktf commands that take stack names and run Terraform. */
const STACK_COMMANDS = new Set(['deploy', 'apply', 'destroy', 'diff', 'plan', 'output', 'outputs']);
/** cdktf options followed by a value, so the value is not read as a stack name. */
const VALUED_OPTIONS = new Set([
  '--app',
  '-a',
  '--output',
  '-o',
  '--var',
  '--var-file',
  '--parallelism',
  '--terraform-parallelism',
  '--outputs-file',
  '--log-level',
]);

const projectRoot = path.resolve(__dirname, '..');
const outdir = path.join(projectRoot, 'cdktf.out');

/** The command and the stack names of a cdktf command line. */
function positionals(args: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (VALUED_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) found.push(arg);
  }
  return found;
}

async function main(args: readonly string[]): Promise<number> {
  const [command, ...patterns] = positionals(args);
  const target = synthTargetFromEnvironment(process.env);
  if (command && CHANGING_COMMANDS.has(command) && target.mode === 'offline') {
    throw new UsageError(
      'SYNTH_MODE=offline stacks use mock outputs and a local backend: they can be planned (cdktf diff, ' +
        `npm run plan:offline), never ${command === 'destroy' ? 'destroyed' : 'deployed'}. ` +
        'Unset SYNTH_MODE to deploy to AWS, or set it to local for the local AWS.',
    );
  }
  if (!command || !STACK_COMMANDS.has(command)) return runCdktf(args, cdktfEnvironment(projectRoot));
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  return withOutputLock(outdir, { command: `npm run cdktf -- ${args.join(' ')}`, log }, async (lockEnv) => {
    if (target.mode === 'local')
      await assertLocalAwsAnswers(
        target.localEndpoint!,
        process.env.LOCAL_AWS_ENDPOINT ? 'LOCAL_AWS_ENDPOINT' : 'the default: LOCAL_AWS_ENDPOINT is not set',
      );
    const stateDir = path.resolve(process.env.LOCAL_AWS_STATE_DIR ?? path.join(projectRoot, '.local-aws'));
    if (!args.includes('--skip-synth'))
      runSynth({
        projectRoot,
        mode: target.mode,
        outdir,
        env: lockEnv,
        ...(target.localEndpoint ? { localEndpoint: target.localEndpoint, localStateDir: stateDir } : {}),
      });
    const all = readSynthesizedStacks(holdCurrentVersion(outdir));
    const selected = selectedStacks(all, patterns);
    if (target.mode === 'local') assertBootstrapped(selected, stateDir);
    if (!args.includes('--migrate-state'))
      for (const stack of selected) {
        const changes = backendChanges(stack.directory);
        if (changes.length > 0) throw new UsageError(backendChangeMessage(stack.name, stack.directory, changes));
      }
    if (command === 'deploy' || command === 'apply') {
      const refusal = await undeployedUpstreams(selected, all);
      if (refusal) throw new UsageError(refusal);
    }
    if (command === 'destroy') {
      const refusal = await deployedDependents(selected, all);
      if (refusal) throw new UsageError(refusal);
    }
    const withoutTerminal = approvalWithoutTerminal(command, args, process.stdin.isTTY === true);
    if (withoutTerminal) throw new UsageError(withoutTerminal);
    const env = cdktfEnvironment(projectRoot, lockEnv);
    let validation: StateMachineValidationEndpoint | undefined;
    if (target.mode === 'offline') {
      // Planning a new state machine makes the provider call ValidateStateMachineDefinition, even offline.
      validation = await startStateMachineValidationEndpoint();
      env.AWS_ENDPOINT_URL = validation.endpoint;
    }
    try {
      const rest = args.filter((a) => a !== command && !patterns.includes(a) && a !== '--skip-synth');
      // cdktf runs the stacks it is given in manifest order: a destroy goes dependents first, one at a time.
      const runs = command === 'destroy' ? [...selected].reverse().map((s) => [s.name]) : [patterns];
      for (const names of runs) {
        const status = await runCdktf([command, ...names, ...rest, '--skip-synth'], env);
        if (status !== 0) return status;
      }
      return 0;
    } finally {
      await validation?.stop();
      const notice = hooksLeftOut(outdir, args);
      if (notice) log(notice);
    }
  });
}

/** The stacks the patterns name, in manifest order; one line naming the closest stacks for a name that matches none. */
function selectedStacks(all: readonly SynthesizedStack[], patterns: readonly string[]): SynthesizedStack[] {
  if (patterns.length === 0) return [...all];
  const names = all.map((s) => s.name);
  for (const pattern of patterns)
    if (!names.some((name) => picomatch.isMatch(name, pattern)))
      throw new UsageError(unknownStackMessage(pattern, names));
  const match = picomatch([...patterns]);
  return all.filter((s) => match(s.name));
}

/** Local mode needs the network and state bucket the bootstrap created, and their ids in the state folder. */
function assertBootstrapped(stacks: readonly SynthesizedStack[], stateDir: string): void {
  const missing = [...new Set(stacks.map((s) => s.environment))].filter(
    (environment) => !fs.existsSync(path.join(stateDir, `${environment}.json`)),
  );
  if (missing.length > 0)
    throw new UsageError(
      `the local AWS has no state bucket and network for ${missing.join(', ')} ` +
        `(no ${missing.map((e) => path.relative(process.cwd(), path.join(stateDir, `${e}.json`))).join(', ')}): ` +
        `start it with npm run local-aws -- --env ${missing.join(' ')}`,
    );
}

/** The CDK CLI package.json declares (cdktf-cli or cdktn-cli), with this terminal (its approval prompt needs it). */
function runCdktf(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const cli = cdkCliEntry(projectRoot);
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', env, cwd: projectRoot });
  return Promise.resolve(result.status ?? 1);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof SynthError) process.stderr.write(`error: ${error.message}\n`);
    else throw error;
    process.exitCode = 1;
  },
);
