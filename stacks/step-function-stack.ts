import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../lib/configuration/platform-config';
import type { StateMachineConfig } from '../lib/configuration/schemas/environment-schema';
import { LoggedStateMachine } from '../lib/constructs/workflow/logged-state-machine';
import { PlatformStack } from '../lib/deployment/platform-stack';
import { dependencyOn, type MockValue, type StackDependency } from '../lib/deployment/stack-dependency';
import { mapOutput, type OutputName } from '../lib/deployment/stack-outputs';
import type { SynthTarget } from '../lib/deployment/synth-target';
import { stateMachineArn } from '../lib/naming/aws-arns';
import type { StateMachineDefinition } from '../lib/state-machines/asl';
import { hybridRouterDefinition } from '../lib/state-machines/hybrid-router';
import { BATCH_OUTPUTS, BatchStack } from './batch-stack';
import { IamStack } from './iam-stack';

/** What the step-function stack offers its dependents. */
export const STEP_FUNCTION_OUTPUTS = {
  state_machine_arns: mapOutput('ARN of each state machine, by its key under step_functions.state_machines', (settings) => Object.keys(settings.step_functions.state_machines)),
};

/** An output of the step-function stack. */
export type StepFunctionOutput = OutputName<typeof STEP_FUNCTION_OUTPUTS>;

/** What the step-function stack is built from, and the stacks whose outputs it reads. */
export interface StepFunctionStackProps {
  /** The environment's validated configuration. */
  readonly environment: EnvironmentConfig;
  /** Where the stack will run. */
  readonly target: SynthTarget;
  /** The state machine roles. */
  readonly iam: IamStack;
  /** The queues and job definitions the workflows submit to. */
  readonly batch: BatchStack;
}

/** The workflows of the platform, generated from configuration, each logged and traced. */
export class StepFunctionStack extends PlatformStack<typeof STEP_FUNCTION_OUTPUTS> {
  public readonly outputContract = STEP_FUNCTION_OUTPUTS;

  /** The outputs this stack will have, from the naming convention. */
  public static predictedOutputs(environment: EnvironmentConfig): Record<StepFunctionOutput, MockValue> {
    const scope = { accountId: environment.settings.account_id, region: environment.settings.region };
    return { state_machine_arns: Object.fromEntries(Object.entries(environment.settings.step_functions.state_machines).map(([key, sm]) => [key, stateMachineArn(scope, sm.name)])) };
  }

  public constructor(scope: Construct, props: StepFunctionStackProps) {
    super(scope, { module: 'step-function', ...props });
    const iam = dependencyOn(this, props.iam, ['state_machine_role_arns'], IamStack.predictedOutputs(this.environment));
    const batch = dependencyOn(this, props.batch, ['job_queue_arns', 'job_definition_arns'], BatchStack.predictedOutputs(this.environment));
    const machines = Object.entries(this.settings.step_functions.state_machines).map(([key, config]) => {
      const machine = new LoggedStateMachine(this, key, {
        name: config.name,
        roleArn: iam.getMapValue('state_machine_role_arns', key),
        definition: JSON.stringify(definitionOf(config, batch)),
        logLevel: config.logging.level,
        includeExecutionData: config.logging.include_execution_data,
        logRetentionDays: config.logging.retention_in_days,
        tracingEnabled: config.tracing_enabled,
      });
      return [key, machine.stateMachine.arn] as const;
    });
    this.declareOutputs({ state_machine_arns: Object.fromEntries(machines) });
  }
}

function definitionOf(config: StateMachineConfig, batch: StackDependency<typeof BATCH_OUTPUTS, 'job_queue_arns' | 'job_definition_arns'>): StateMachineDefinition {
  switch (config.pattern) {
    case 'hybrid_router':
      return hybridRouterDefinition({
        chunkSizePath: config.chunk_size_path,
        threshold: config.chunk_size_threshold,
        lambdaFunctionArn: config.lambda_function_arn,
        jobQueueArn: batch.getMapValue('job_queue_arns', config.job_queue),
        processingJobDefinitionArn: batch.getMapValue('job_definition_arns', config.processing_job_definition),
        processingJobName: config.processing_job_definition,
        ...(config.validation_job_definition ? { validation: { jobDefinitionArn: batch.getMapValue('job_definition_arns', config.validation_job_definition), jobName: config.validation_job_definition } } : {}),
        lambdaRetry: retry(config.lambda_retry),
        batchRetry: retry(config.batch_retry),
      });
  }
}

function retry(settings: { interval_seconds: number; max_attempts: number; backoff_rate: number }): { intervalSeconds: number; maxAttempts: number; backoffRate: number } {
  return { intervalSeconds: settings.interval_seconds, maxAttempts: settings.max_attempts, backoffRate: settings.backoff_rate };
}
