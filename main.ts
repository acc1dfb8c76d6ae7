import './lib/configuration/zod-settings';
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects } from 'cdktf';
import { ConfigError } from './lib/configuration/config-error';
import { loadPlatformConfig } from './lib/configuration/platform-config-loader';
import type { EnvironmentConfig, PlatformConfig } from './lib/configuration/platform-config';
import type { PlatformStack } from './lib/deployment/platform-stack';
import type { OutputContract } from './lib/deployment/stack-outputs';
import { type SynthTarget, synthTargetFromEnvironment, UsageError } from './lib/deployment/synth-target';
import { configSuppressions } from './lib/policy-pack/config-suppressions';
import { PolicyPackAspect } from './lib/policy-pack/policy-pack-aspect';
import { PolicyReport, PolicyViolationError } from './lib/policy-pack/policy-report';
import { PreventDestroyAspect } from './lib/protection/prevent-destroy-aspect';
import { withOutputLock } from './lib/synthesis/output-lock';
import { writeAtomically } from './lib/synthesis/versioned-outdir';
import { withoutTokenStackTraces } from './lib/synthesis/token-stack-traces';
import { linkWorkingData } from './lib/terraform-cli/working-data';
import { BATCH_OUTPUTS, BatchStack } from './stacks/batch-stack';
import { IAM_OUTPUTS, IamStack } from './stacks/iam-stack';
import { SECURITY_GROUP_OUTPUTS, SecurityGroupStack } from './stacks/security-group-stack';
import { SQS_OUTPUTS, SqsStack } from './stacks/sqs-stack';
import { STEP_FUNCTION_OUTPUTS, StepFunctionStack } from './stacks/step-function-stack';

/**
 * The stack graph: each module (a Terragrunt unit) and the modules whose outputs it reads, as
 * Terragrunt `dependency` blocks declare them. Stacks are named `<environment>-<module>`.
 */
export const STACK_GRAPH = {
  iam: [],
  'security-group': [],
  sqs: [],
  batch: ['iam', 'security-group', 'sqs'],
  'step-function': ['iam', 'sqs', 'batch'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** A module of the platform. */
export type Module = keyof typeof STACK_GRAPH;

/** The outputs each module declares. */
export const MODULE_OUTPUTS: Readonly<Record<Module, OutputContract>> = {
  iam: IAM_OUTPUTS,
  'security-group': SECURITY_GROUP_OUTPUTS,
  sqs: SQS_OUTPUTS,
  batch: BATCH_OUTPUTS,
  'step-function': STEP_FUNCTION_OUTPUTS,
};

/** Where the configuration is and which of it to load. */
export interface LoadConfigurationOptions {
  /** Folder holding config/ and batch-json/. */
  readonly root: string;
  /** Environments to load; all when omitted. */
  readonly environments?: readonly string[];
  /** Extra layers merged last over an environment, such as the local AWS's network ids. */
  readonly overlayFiles?: (environment: string) => readonly string[];
  /** Folder that file names in messages are relative to; the working directory by default. */
  readonly displayRoot?: string;
}

/** Loads and validates every JSON file; batch-json may read the outputs of the batch stack's upstream modules. */
export function loadConfiguration(options: LoadConfigurationOptions): PlatformConfig {
  const batchJsonDependencies = Object.fromEntries(STACK_GRAPH.batch.map((module) => [module, MODULE_OUTPUTS[module]]));
  return loadPlatformConfig({ ...options, batchJsonDependencies, stackOutputs: MODULE_OUTPUTS });
}

/** Creates the five stacks of one environment, wired as STACK_GRAPH declares. */
export function buildEnvironmentStacks(
  app: App,
  environment: EnvironmentConfig,
  target: SynthTarget,
): Record<Module, PlatformStack> {
  const common = { environment, target };
  const iam = new IamStack(app, common);
  const securityGroup = new SecurityGroupStack(app, common);
  const sqs = new SqsStack(app, common);
  const batch = new BatchStack(app, { ...common, iam, securityGroup, sqs });
  const stepFunction = new StepFunctionStack(app, { ...common, iam, sqs, batch });
  const stacks: Record<Module, PlatformStack> = {
    iam,
    'security-group': securityGroup,
    sqs,
    batch,
    'step-function': stepFunction,
  };
  for (const [module, stack] of Object.entries(stacks)) {
    const declared: readonly string[] = STACK_GRAPH[module as Module];
    const undeclared = stack.dependencies.map((d) => (d as PlatformStack).module).filter((m) => !declared.includes(m));
    if (undeclared.length > 0)
      throw new Error(
        `${stack.node.id} depends on ${undeclared.join(', ')}, which STACK_GRAPH does not declare for ${module}`,
      );
  }
  addGuardrails(app, environment, stacks);
  return stacks;
}

/** Every stack gets the policy pack, and prevent_destroy on its stateful resources when the environment asks for it. */
function addGuardrails(app: App, environment: EnvironmentConfig, stacks: Record<Module, PlatformStack>): void {
  const { policy, protection } = environment.settings;
  for (const [module, stack] of Object.entries(stacks)) {
    if (protection.prevent_destroy) Aspects.of(stack).add(new PreventDestroyAspect(protection.stateful_resource_types));
    Aspects.of(stack).add(
      new PolicyPackAspect({
        requiredTags: policy.required_tags,
        enabledRules: policy.enable_rules,
        suppressions: configSuppressions(policy, module),
      }),
    );
  }
  policy.suppressions.forEach((suppression, i) => {
    if (!(suppression.module in stacks)) {
      PolicyReport.of(app).addProblem(
        `${environment.name}: policy.suppressions[${i}].module: found "${suppression.module}"; ` +
          `allowed: one of ${Object.keys(STACK_GRAPH).join(', ')}`,
      );
    }
  });
}

/** The app: every stack of every environment. */
export function buildApp(config: PlatformConfig, target: SynthTarget, outdir: string): App {
  // No stack traces in the output: they hold machine paths, and the output must be byte-identical everywhere.
  const app = new App({ outdir, stackTraces: false });
  for (const environment of config.environments) buildEnvironmentStacks(app, environment, target);
  return app;
}

/**
 * The folder with config/ and batch-json/: PLATFORM_CONFIG_ROOT, or the working directory (cdktf
 * runs apps from the project).
 */
export function configurationRoot(env: NodeJS.ProcessEnv): string {
  return path.resolve(env.PLATFORM_CONFIG_ROOT ?? '.');
}

/**
 * The layer the local AWS bootstrap wrote for an environment (its account id and the network it
 * created there): LOCAL_AWS_STATE_DIR/<environment>.json, by default under .local-aws/.
 */
export function localAwsOverlays(env: NodeJS.ProcessEnv, environment: string): string[] {
  const file = path.resolve(env.LOCAL_AWS_STATE_DIR ?? '.local-aws', `${environment}.json`);
  return fs.existsSync(file) ? [file] : [];
}

/** What the app needs besides its environment. */
export interface SynthesizeOptions {
  /** The project's provider lock file, copied into every stack folder (none when omitted). */
  readonly providerLockFile?: string;
}

/**
 * Synthesizes every stack into CDKTF_OUTDIR (default cdktf.out), atomically, and runs the policy
 * pack on each: any violation fails the synth before the output is swapped in. Each stack folder
 * gets the project's provider lock file and a link to Terraform's working data for its backend.
 */
export function synthesize(env: NodeJS.ProcessEnv, options: SynthesizeOptions = {}): PolicyReport {
  const target = synthTargetFromEnvironment(env);
  const environments = env.PLATFORM_ENVIRONMENTS?.split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  const config = loadConfiguration({
    root: configurationRoot(env),
    ...(environments ? { environments } : {}),
    ...(target.mode === 'local' ? { overlayFiles: (name: string) => localAwsOverlays(env, name) } : {}),
  });
  const outdir = env.CDKTF_OUTDIR ?? 'cdktf.out';
  let report: PolicyReport | undefined;
  writeAtomically(
    outdir,
    (version) => {
      withoutTokenStackTraces(() => {
        const app = buildApp(config, target, version);
        app.synth();
        report = PolicyReport.of(app);
        report.checkOutput(version);
        if (report.failed) throw new PolicyViolationError(report);
      });
      linkWorkingData(version, outdir, options.providerLockFile);
    },
    // The process that asked for the synth (cdktf, run-all) keeps this version while it runs.
    { holderPid: process.ppid },
  );
  return report!;
}

/**
 * What the app prints and its exit code for an error the user can fix; undefined for a bug, which
 * keeps its stack trace.
 */
export function describeFailure(error: unknown): { readonly stderr: string; readonly exitCode: number } | undefined {
  if (error instanceof ConfigError) {
    return {
      stderr:
        `${error.problems.length === 1 ? 'Configuration error' : `${error.problems.length} configuration errors`}` +
        ` (nothing was written):\n${error.message}\n`,
      exitCode: 1,
    };
  }
  if (error instanceof PolicyViolationError) {
    const count = error.problems.length;
    return {
      stderr:
        `${count === 1 ? 'Policy violation' : `${count} policy violations`} (nothing was written):\n` +
        `${error.message}\n` +
        'Fix the resource, or accept one rule on one resource with a reason under policy.suppressions ' +
        '(README: Guardrails).\n',
      exitCode: 1,
    };
  }
  if (error instanceof UsageError) return { stderr: `error: ${error.message}\n`, exitCode: 1 };
  return undefined;
}

/**
 * Runs the app as cdktf does: synthesizes and lists the policy pack's suppressions, or prints what
 * is wrong and exits 1. Waits while another run of this checkout uses the output folder.
 */
export async function main(projectRoot: string = process.cwd()): Promise<void> {
  try {
    const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
    const lockFile = path.join(projectRoot, '.terraform.lock.hcl');
    const summary = await withOutputLock(
      outdir,
      { command: 'a synth', log: (line) => void process.stderr.write(`${line}\n`) },
      () => synthesize(process.env, fs.existsSync(lockFile) ? { providerLockFile: lockFile } : {}).summary(),
    );
    process.stdout.write(summary);
  } catch (error) {
    const failure = describeFailure(error);
    if (!failure) throw error;
    process.stderr.write(failure.stderr);
    process.exit(failure.exitCode);
  }
}

if (require.main === module) void main();
