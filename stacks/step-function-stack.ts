import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../lib/configuration/platform-config';
import { triggeredPipelines } from '../lib/configuration/schemas/queue-pipeline-schema';
import { QueueToBatchPipe } from '../lib/constructs/pipes/queue-to-batch-pipe';
import { LoggedStateMachine } from '../lib/constructs/workflow/logged-state-machine';
import { PlatformStack } from '../lib/deployment/platform-stack';
import { dependencyOn, type MockValue } from '../lib/deployment/stack-dependency';
import { mapOutput, type OutputName } from '../lib/deployment/stack-outputs';
import type { SynthTarget } from '../lib/deployment/synth-target';
import { pipeArn, stateMachineArn } from '../lib/naming/aws-arns';
import { BatchStack } from './batch-stack';
import { IamStack, type IamOutput } from './iam-stack';
import { pipeProps } from './pipe-props';
import { SqsStack } from './sqs-stack';
import { stateMachineProps } from './state-machine-props';

/** What the step-function stack offers its dependents. */
export const STEP_FUNCTION_OUTPUTS = {
  state_machine_arns: mapOutput(
    'ARN of each state machine, by its key under step_functions.state_machines',
    (settings) => Object.keys(settings.step_functions.state_machines),
  ),
  pipe_arns: mapOutput("ARN of each pipeline's pipe to Batch, by its key under sqs.pipelines", (settings) =>
    triggeredPipelines(settings.sqs),
  ),
};

/** An output of the step-function stack. */
export type StepFunctionOutput = OutputName<typeof STEP_FUNCTION_OUTPUTS>;

/** What the step-function stack is built from, and the stacks whose outputs it reads. */
export interface StepFunctionStackProps {
  /** The environment's validated configuration. */
  readonly environment: EnvironmentConfig;
  /** Where the stack will run. */
  readonly target: SynthTarget;
  /** The state machine and pipe roles. */
  readonly iam: IamStack;
  /** The pipelines' queues the pipes poll. */
  readonly sqs: SqsStack;
  /** The queues and job definitions the workflows submit to. */
  readonly batch: BatchStack;
}

/**
 * The workflows of the platform, generated from configuration, each logged and traced, and the
 * pipelines' pipes that start a Batch job for every message of their queue.
 */
export class StepFunctionStack extends PlatformStack<typeof STEP_FUNCTION_OUTPUTS> {
  public readonly outputContract = STEP_FUNCTION_OUTPUTS;

  /** The outputs this stack will have, from the naming convention. */
  public static predictedOutputs(environment: EnvironmentConfig): Record<StepFunctionOutput, MockValue> {
    const { settings } = environment;
    const scope = { accountId: settings.account_id, region: settings.region };
    return {
      state_machine_arns: Object.fromEntries(
        Object.entries(settings.step_functions.state_machines).map(([key, sm]) => [
          key,
          stateMachineArn(scope, sm.name),
        ]),
      ),
      pipe_arns: Object.fromEntries(
        triggeredPipelines(settings.sqs).map((key) => [
          key,
          pipeArn(scope, settings.sqs.pipelines[key]!.trigger!.name),
        ]),
      ),
    };
  }

  public constructor(scope: Construct, props: StepFunctionStackProps) {
    super(scope, { module: 'step-function', ...props });
    const pipelines = triggeredPipelines(this.settings.sqs);
    const iamOutputs: IamOutput[] =
      pipelines.length > 0 ? ['state_machine_role_arns', 'pipe_role_arns'] : ['state_machine_role_arns'];
    const iam = dependencyOn(this, props.iam, iamOutputs, IamStack.predictedOutputs(this.environment));
    const batch = dependencyOn(
      this,
      props.batch,
      ['job_queue_arns', 'job_definition_arns'],
      BatchStack.predictedOutputs(this.environment),
    );
    const arns = {
      jobQueueArn: (name: string) => batch.getMapValue('job_queue_arns', name),
      jobDefinitionArn: (name: string) => batch.getMapValue('job_definition_arns', name),
    };

    const machines = Object.entries(this.settings.step_functions.state_machines).map(([key, config]) => {
      const roleArn = iam.getMapValue('state_machine_role_arns', key);
      const machine = new LoggedStateMachine(this, key, stateMachineProps(config, roleArn, arns));
      return [key, machine.stateMachine.arn] as const;
    });

    // Only pipelines with a pipe read the sqs stack, which keeps the graph as small as the configuration allows.
    const queues =
      pipelines.length > 0
        ? dependencyOn(this, props.sqs, ['pipeline_queue_arns'], SqsStack.predictedOutputs(this.environment))
        : undefined;
    const pipes = pipelines.map((key) => {
      const { trigger, source } = this.settings.sqs.pipelines[key]!;
      const pipe = new QueueToBatchPipe(
        this,
        `${key}_pipe`,
        pipeProps(trigger!, source !== undefined, {
          roleArn: iam.getMapValue('pipe_role_arns', key),
          queueArn: queues!.getMapValue('pipeline_queue_arns', key),
          ...arns,
        }),
      );
      return [key, pipe.pipe.arn] as const;
    });

    this.declareOutputs({ state_machine_arns: Object.fromEntries(machines), pipe_arns: Object.fromEntries(pipes) });
  }
}
