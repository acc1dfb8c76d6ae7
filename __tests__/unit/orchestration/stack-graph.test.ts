import * as fs from 'fs';
import * as path from 'path';
import { Testing } from 'cdktf';
import { buildEnvironmentStacks, STACK_GRAPH } from '../../../main';
import {
  executionLevels,
  graphOfModules,
  graphOfStacks,
  renderDot,
  renderMermaid,
  renderText,
} from '../../../lib/orchestration/stack-graph';
import { PROJECT_ROOT } from '../../support/config-fixture';
import { shippedEnvironment } from '../../support/synth-helpers';

describe('the stack graph', () => {
  test('run order: stacks without dependencies first, each level after the stacks it reads', () => {
    expect(executionLevels(graphOfModules(STACK_GRAPH))).toEqual([
      ['iam', 'security-group', 'sqs'],
      ['batch'],
      ['step-function'],
    ]);
    expect(executionLevels(graphOfModules(STACK_GRAPH, 'prod'))[1]).toEqual(['prod-batch']);
  });

  test('a cycle or an unknown dependency is reported by name', () => {
    expect(() =>
      executionLevels([
        { name: 'a', dependencies: ['b'] },
        { name: 'b', dependencies: ['a'] },
      ]),
    ).toThrow('the stack graph has a cycle among a, b');
    expect(() => executionLevels([{ name: 'a', dependencies: ['c'] }])).toThrow(
      'a depends on c, which is not in the graph',
    );
  });

  test('docs/stacks.md embeds the Mermaid picture of STACK_GRAPH as the graph command prints it', () => {
    const page = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'stacks.md'), 'utf8');
    const blocks = [...page.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toContain(renderMermaid(graphOfModules(STACK_GRAPH)));
  });

  test("an environment's graph names the outputs each stack reads from each upstream", () => {
    const stacks = buildEnvironmentStacks(Testing.app({ stackTraces: false }), shippedEnvironment('dev'), {
      mode: 'offline',
    });
    const nodes = graphOfStacks(Object.values(stacks));
    const batch = nodes.find((n) => n.name === 'dev-batch')!;
    expect(batch.dependencies).toEqual(['dev-iam', 'dev-security-group', 'dev-sqs']);
    // The sqs read comes from a {dependency.sqs.core_queue_url} placeholder in batch-processing-job.json.
    expect(batch.reads!['dev-sqs']).toEqual(['core_queue_url']);
    expect(renderText(nodes)).toContain('  dev-iam <- (none)');
    expect(renderText(nodes)).toContain('    dev-batch: job_definition_arns, job_queue_arns');
    expect(renderText(nodes)).toContain('  3. dev-step-function');
  });

  test('DOT points each stack at its upstreams, as terragrunt dag graph does', () => {
    expect(renderDot(graphOfModules(STACK_GRAPH))).toContain('  "step-function" -> "batch";');
  });
});
