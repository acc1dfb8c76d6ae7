import { PipesPipe } from '@cdktf/provider-aws/lib/pipes-pipe';
import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { aslProblems } from '../../../lib/state-machines/asl-validation';
import type { StateMachineDefinition } from '../../../lib/state-machines/asl';
import { minimalEnvironment } from '../../support/minimal-environment';
import { withEveryWorkflow } from '../../support/minimal-workflows';
import { at, parsed, synthEnvironment, text } from '../../support/synth-helpers';

// The minimal environment with one workflow of each kind and the video pipeline's pipe to Batch.
const environment = minimalEnvironment(withEveryWorkflow);
const offline = synthEnvironment(environment);
const real = parsed(synthEnvironment(environment, { mode: 'real' })['step-function']);
const stack = parsed(offline['step-function']);
const machines = stack.resource.aws_sfn_state_machine as Record<string, { definition: string }>;
const definitionOf = (key: string): StateMachineDefinition => JSON.parse(machines[key]!.definition);

/**
 * A definition synthesized for AWS: its interpolations hold HCL quotes until Terraform evaluates
 * them, so keep them out of JSON.parse's way.
 */
function realDefinition(key: string): StateMachineDefinition {
  const interpolations: string[] = [];
  const template = text(real.resource.aws_sfn_state_machine[key]?.definition).replace(
    /\$\{[^}]*\}/g,
    (expression) => `@${interpolations.push(expression) - 1}@`,
  );
  return JSON.parse(template, (_key, value) =>
    typeof value === 'string' ? value.replace(/@(\d+)@/g, (_m, i) => interpolations[Number(i)]!) : value,
  );
}

describe('step-function stack', () => {
  test('generates one state machine per pattern of the configuration, each valid Amazon States Language', () => {
    expect(Object.keys(machines).sort()).toEqual(['array_fanout', 'batch_group', 'hybrid_router', 'nightly_schedule']);
    // Offline every ARN is a real-looking mock, so the validator checks ARNs too.
    for (const key of Object.keys(machines)) expect([key, aslProblems(definitionOf(key))]).toEqual([key, []]);
  });

  test('the definitions synthesized for AWS are valid too, the ARN check off only for Terraform interpolations', () => {
    for (const key of Object.keys(machines)) {
      const definition = realDefinition(key);
      expect(JSON.stringify(definition)).toContain('data.terraform_remote_state.batch[0].outputs');
      expect([key, aslProblems(definition, { checkArn: false })]).toEqual([key, []]);
    }
  });

  test('generates a valid hybrid router that sends chunks over 290000 records to Batch', () => {
    const definition = definitionOf('hybrid_router');
    expect(definition.States.RouteBySize?.Choices?.[1]).toEqual({
      Variable: '$.chunkSize',
      NumericGreaterThan: 290000,
      Next: 'ValidateWithBatch',
    });
    expect(definition.States.ProcessWithLambda?.Parameters?.FunctionName).toBe(
      'arn:aws:lambda:eu-west-1:111111111111:function:mini-test-chunk-processor',
    );
  });

  test('the batch group, the schedule and the array job submit to the main queue and job definitions', () => {
    const queue = 'arn:aws:batch:eu-west-1:111111111111:job-queue/mini-test-queue';
    expect(
      at(definitionOf('batch_group'), 'States', 'BatchGroup', 'Branches', 0, 'States', 'RunBatchJob', 'Parameters'),
    ).toMatchObject({
      JobQueue: queue,
      JobDefinition: 'arn:aws:batch:eu-west-1:111111111111:job-definition/mini-test-worker',
      Parameters: { 'chunk_uri.$': '$.url' },
    });
    const schedule = definitionOf('nightly_schedule');
    expect(schedule.States.validate_incoming.Parameters).toMatchObject({
      JobQueue: queue,
      JobDefinition: 'arn:aws:batch:eu-west-1:111111111111:job-definition/mini-test-validator',
    });
    expect(schedule.States.reconcile.Type).toBe('Pass');
    expect(definitionOf('array_fanout').States.RunArrayJob.Parameters).toMatchObject({
      JobQueue: queue,
      ArrayProperties: { 'Size.$': '$.arraySize' },
    });
  });

  test("submits to the batch stack's queue and job definitions, read from its remote state", () => {
    // Until the upstream state exists the mock stands in (docs/deploying.md, synth modes).
    expect(realDefinition('hybrid_router').States.ProcessWithBatch.Parameters).toMatchObject({
      JobQueue:
        '${local.batch_applied ? lookup(data.terraform_remote_state.batch[0].outputs.job_queue_arns, ' +
        '"mini-test-queue") : "arn:aws:batch:eu-west-1:111111111111:job-queue/mini-test-queue"}',
      JobDefinition:
        '${local.batch_applied ? lookup(data.terraform_remote_state.batch[0].outputs.job_definition_arns, ' +
        '"mini-test-worker") : ' +
        '"arn:aws:batch:eu-west-1:111111111111:job-definition/mini-test-worker"}',
    });
    expect(real.resource.aws_sfn_state_machine.hybrid_router.role_arn).toContain(
      'lookup(data.terraform_remote_state.iam[0].outputs.state_machine_role_arns, "hybrid_router")',
    );
    expect(Object.keys(real.data.terraform_remote_state).sort()).toEqual(['batch', 'iam', 'sqs']);
  });

  test('every state machine logs to its own log group and traces with X-Ray', () => {
    for (const [key, name] of [
      ['hybrid_router', 'mini-test-hybrid-router'],
      ['batch_group', 'mini-test-batch-group'],
      ['nightly_schedule', 'mini-test-nightly-schedule'],
      ['array_fanout', 'mini-test-array-fanout'],
    ]) {
      expect(offline['step-function']).toHaveResourceWithProperties(SfnStateMachine, {
        name,
        type: 'STANDARD',
        logging_configuration: {
          level: 'ERROR',
          include_execution_data: false,
          log_destination: `\${aws_cloudwatch_log_group.${key}_logs.arn}:*`,
        },
        tracing_configuration: { enabled: true },
      });
      expect(stack.resource.aws_cloudwatch_log_group[`${key}_logs`]).toMatchObject({
        name: `/aws/vendedlogs/states/${name}`,
        retention_in_days: 30,
      });
    }
  });

  describe("the video pipeline's pipe from its queue to Batch (no Lambda)", () => {
    const pipe = real.resource.aws_pipes_pipe.uploads_pipe;

    test("polls the sqs stack's queue and targets the batch stack's job queue, both read from remote state", () => {
      expect(pipe).toMatchObject({
        name: 'mini-test-uploads-to-batch',
        role_arn:
          '${local.iam_applied ? lookup(data.terraform_remote_state.iam[0].outputs.pipe_role_arns, ' +
          '"uploads") : "arn:aws:iam::111111111111:role/mini-test-uploads-pipe"}',
        source:
          '${local.sqs_applied ? lookup(data.terraform_remote_state.sqs[0].outputs.pipeline_queue_arns, ' +
          '"uploads") : "arn:aws:sqs:eu-west-1:111111111111:mini-test-uploads"}',
        target:
          '${local.batch_applied ? lookup(data.terraform_remote_state.batch[0].outputs.job_queue_arns, ' +
          '"mini-test-queue") : "arn:aws:batch:eu-west-1:111111111111:job-queue/mini-test-queue"}',
        desired_state: 'RUNNING',
      });
      expect(at(pipe, 'target_parameters', 'batch_job_parameters')).toMatchObject({
        job_definition:
          '${local.batch_applied ? lookup(data.terraform_remote_state.batch[0].outputs.job_definition_arns, ' +
          '"mini-test-validator") : ' +
          '"arn:aws:batch:eu-west-1:111111111111:job-definition/mini-test-validator"}',
        job_name: 'validate-upload',
      });
    });

    test("submits one job per S3 object event, with the object's bucket and key, and drops S3's test event", () => {
      expect(at(pipe, 'source_parameters', 'sqs_queue_parameters')).toEqual({ batch_size: 1 });
      expect(JSON.parse(text(at(pipe, 'source_parameters', 'filter_criteria', 'filter', 0, 'pattern')))).toEqual({
        body: { Records: { eventName: [{ prefix: 'ObjectCreated:' }] } },
      });
      const overrides = at(pipe, 'target_parameters', 'batch_job_parameters', 'container_overrides', 'environment');
      expect(overrides).toEqual([
        { name: 'S3_EVENT_BUCKET', value: '$.body.Records[0].s3.bucket.name' },
        { name: 'S3_EVENT_KEY', value: '$.body.Records[0].s3.object.key' },
      ]);
    });

    test('logs errors to its own log group', () => {
      expect(offline['step-function']).toHaveResourceWithProperties(PipesPipe, {
        log_configuration: {
          level: 'ERROR',
          cloudwatch_logs_log_destination: {
            log_group_arn: '${aws_cloudwatch_log_group.uploads_pipe_logs.arn}',
          },
        },
      });
      expect(stack.resource.aws_cloudwatch_log_group.uploads_pipe_logs).toMatchObject({
        name: '/aws/vendedlogs/pipes/mini-test-uploads-to-batch',
        retention_in_days: 30,
      });
    });
  });

  test("declares the state machines' and the pipes' ARNs", () => {
    expect(stack.output.state_machine_arns.value).toMatchObject({
      batch_group: '${aws_sfn_state_machine.batch_group.arn}',
    });
    expect(stack.output.pipe_arns.value).toEqual({ uploads: '${aws_pipes_pipe.uploads_pipe.arn}' });
  });
});
