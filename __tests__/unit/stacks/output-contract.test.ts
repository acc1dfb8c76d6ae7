import { Testing } from 'cdktf';
import { buildApp, MODULE_OUTPUTS, STACK_GRAPH } from '../../../main';
import type { PlatformStack } from '../../../lib/deployment/platform-stack';
import { StackDependency } from '../../../lib/deployment/stack-dependency';
import { minimalEnvironment } from '../../support/minimal-environment';

/**
 * The minimal environment, where every stack reads every upstream STACK_GRAPH gives it: the worker
 * job sends to the core queue (batch reads sqs) and the video pipeline's pipe submits the worker
 * (step-function reads sqs).
 */
const environment = minimalEnvironment((files) => {
  const worker = files['batch-json/worker-job.json']!.container_properties as Record<string, unknown>;
  worker.environment = [{ name: 'RESULTS_QUEUE', value: '{dependency.sqs.core_queue_url}' }];
  Object.assign(files['config/defaults.json']!.sqs as object, {
    pipelines: {
      uploads: {
        queue: {
          name: '{prefix}-uploads',
          visibility_timeout_seconds: 900,
          message_retention_seconds: 345_600,
          receive_wait_time_seconds: 20,
          dead_letter_queue: {
            name: '{prefix}-uploads-dlq',
            max_receive_count: 3,
            message_retention_seconds: 1_209_600,
          },
        },
        trigger: {
          name: '{prefix}-uploads-to-batch',
          role_name: '{prefix}-uploads-pipe',
          job_queue: '{prefix}-queue',
          job_definition: '{prefix}-worker',
          job_name: 'upload',
          logging: { level: 'ERROR', include_execution_data: false, retention_in_days: 7 },
        },
      },
    },
  });
});
const config = { root: 'minimal', environments: [environment] };

describe.each(['real', 'offline'] as const)('the output contract (%s mode)', (mode) => {
  const app = buildApp(config, { mode }, Testing.app().outdir);
  const stacks = app.node.children.filter((c): c is PlatformStack => 'outputContract' in c);
  const dependencies = app.node
    .findAll()
    .filter((c): c is StackDependency<never, never> => c instanceof StackDependency);
  const synthesized = new Map(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s))]));

  test('every output a stack reads is declared by its upstream, in its contract and in its Terraform JSON', () => {
    expect(dependencies.length).toBe(config.environments.length * Object.values(STACK_GRAPH).flat().length);
    for (const dependency of dependencies) {
      const declared = Object.keys(synthesized.get(dependency.upstream.node.id).output);
      for (const output of dependency.outputs as readonly string[]) {
        expect(Object.keys(dependency.upstream.outputContract)).toContain(output);
        expect(declared).toContain(output);
      }
    }
  });

  test('every stack declares exactly its contract, with descriptions, none sensitive', () => {
    expect(stacks).toHaveLength(Object.keys(STACK_GRAPH).length);
    for (const stack of stacks) {
      const outputs = synthesized.get(stack.node.id).output as Record<
        string,
        { description: string; sensitive?: boolean }
      >;
      expect(Object.keys(outputs).sort()).toEqual(
        Object.keys(MODULE_OUTPUTS[stack.module as keyof typeof MODULE_OUTPUTS]).sort(),
      );
      for (const output of Object.values(outputs)) {
        expect(output.description.length).toBeGreaterThan(10);
        expect(output.sensitive).toBeUndefined();
      }
    }
  });

  test('stacks depend on each other exactly as STACK_GRAPH declares, so cdktf deploy orders them', () => {
    for (const stack of stacks) {
      const upstream = stack.dependencies.map((d) => (d as PlatformStack).module).sort();
      expect(upstream).toEqual([...STACK_GRAPH[stack.module as keyof typeof STACK_GRAPH]].sort());
      for (const d of stack.dependencies) expect((d as PlatformStack).environment.name).toBe(stack.environment.name);
    }
  });
});
