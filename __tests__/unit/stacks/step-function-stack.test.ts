import { SfnStateMachine } from '@cdktf/provider-aws/lib/sfn-state-machine';
import { aslProblems } from '../../../lib/state-machines/asl-validation';
import { parsed, shippedEnvironment, synthEnvironment } from '../../support/synth-helpers';

const offline = synthEnvironment(shippedEnvironment('staging'));
const real = parsed(synthEnvironment(shippedEnvironment('staging'), { mode: 'real' })['step-function']);
const stack = parsed(offline['step-function']);
const machine = stack.resource.aws_sfn_state_machine.hybrid_router;
const definition = JSON.parse(machine.definition);

describe('step-function stack', () => {
  test('generates a valid hybrid router that sends chunks over 290000 records to Batch', () => {
    expect(aslProblems(definition)).toEqual([]);
    expect(definition.States.RouteBySize.Choices[1]).toEqual({ Variable: '$.chunkSize', NumericGreaterThan: 290000, Next: 'ValidateWithBatch' });
    expect(definition.States.ProcessWithLambda.Parameters.FunctionName).toBe('arn:aws:lambda:eu-west-1:111111111111:function:gss-staging-chunk-processor');
  });

  test('submits to the batch stack\'s queue and job definitions, read from its remote state', () => {
    // Interpolations hold HCL quotes until Terraform evaluates them; keep them out of the way of JSON.parse.
    const interpolations: string[] = [];
    const template = (real.resource.aws_sfn_state_machine.hybrid_router.definition as string).replace(/\$\{[^}]*\}/g, (expression) => `@${interpolations.push(expression) - 1}@`);
    const realDefinition = JSON.parse(template, (_key, value) => (typeof value === 'string' ? value.replace(/@(\d+)@/g, (_m, i) => interpolations[Number(i)]!) : value));
    expect(realDefinition.States.ProcessWithBatch.Parameters.JobQueue).toContain('lookup(data.terraform_remote_state.batch[0].outputs.job_queue_arns, "gss-staging-batch-queue")');
    expect(realDefinition.States.ProcessWithBatch.Parameters.JobDefinition).toContain('lookup(data.terraform_remote_state.batch[0].outputs.job_definition_arns, "gss-staging-batch-processing")');
    expect(real.resource.aws_sfn_state_machine.hybrid_router.role_arn).toContain('lookup(data.terraform_remote_state.iam[0].outputs.state_machine_role_arns, "hybrid_router")');
    expect(Object.keys(real.data.terraform_remote_state).sort()).toEqual(['batch', 'iam']);
  });

  test('logs to its own log group and traces with X-Ray', () => {
    expect(offline['step-function']).toHaveResourceWithProperties(SfnStateMachine, {
      name: 'gss-staging-hybrid-router',
      type: 'STANDARD',
      logging_configuration: { level: 'ERROR', include_execution_data: false, log_destination: '${aws_cloudwatch_log_group.hybrid_router_logs.arn}:*' },
      tracing_configuration: { enabled: true },
    });
    expect(stack.resource.aws_cloudwatch_log_group.hybrid_router_logs).toMatchObject({ name: '/aws/vendedlogs/states/gss-staging-hybrid-router', retention_in_days: 30 });
  });
});
