import type { NodeProperties as SdkNodeProperties } from '@aws-sdk/client-batch';
import * as z from 'zod';
import { secretInValue } from '../../secrets/secret-patterns';
import type { JsonPath } from '../json-path';
import { Tags, WHEN_FIELDS_VALID } from './common-fields';
import {
  checkContainerForPlatform,
  ContainerPropertiesSchema,
  type ContainerPropertiesConfig,
  registeredContainer,
} from './container-properties-schema';
import {
  EcsPropertiesSchema,
  type EcsPropertiesConfig,
  registeredEcsProperties,
  type TaskContainerConfig,
} from './ecs-properties-schema';
import { checkEcsTaskForPlatform } from './ecs-task-platform-rules';
import { TerraformName } from './environment-schema';
import type { Assert, WithinSdkShape } from './sdk-shape';

/** A retry condition (RetryStrategy.evaluateOnExit); patterns may end with one `*`. */
const EvaluateOnExit = z
  .strictObject({
    action: z.enum(['RETRY', 'EXIT', 'retry', 'exit']).transform((a) => a.toUpperCase() as 'RETRY' | 'EXIT'),
    on_exit_code: z
      .string()
      .regex(/^([0-9]{1,512}\*?|\*)$/, 'digits with an optional trailing "*", such as "1", "13*" or "*"')
      .optional(),
    on_reason: z
      .string()
      .regex(/^[A-Za-z0-9 .:]{0,511}\*?$/, 'letters, digits, spaces, periods and colons, with an optional trailing "*"')
      .optional(),
    on_status_reason: z
      .string()
      .regex(/^[A-Za-z0-9 .:]{0,511}\*?$/, 'letters, digits, spaces, periods and colons, with an optional trailing "*"')
      .optional(),
  })
  .refine(
    (e) => e.on_exit_code !== undefined || e.on_reason !== undefined || e.on_status_reason !== undefined,
    'at least one of on_exit_code, on_reason, on_status_reason',
  );

/** One node range of a multi-node parallel job (NodeRangeProperty), as AWS spells it. */
const NodeRangeProperty = z.strictObject({
  /** Node indexes "start:end"; either end may be left out ("0:", ":3"), or a single index ("0"). */
  targetNodes: z.string().regex(/^(\d*:\d*|\d+)$/, 'a node range such as "0:3", "4:", ":3" or "0"'),
  container: ContainerPropertiesSchema,
  instanceTypes: z
    .array(z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9]+)?$/, 'an instance type or family such as "c5.4xlarge"'))
    .min(1)
    .optional(),
});

/** nodeProperties of the Batch API: the nodes of a multi-node parallel job, as AWS spells them. */
const NodePropertiesSchema = z.strictObject({
  numNodes: z.number().int().min(1),
  /** Index of the node that starts the job and whose exit decides it. */
  mainNode: z.number().int().min(0),
  nodeRangeProperties: z.array(NodeRangeProperty).min(1),
});

/** The Terragrunt module's *-job.json: a job definition in Terraform argument names, container or nodes in AWS's. */
export const JobDefinitionSchema = z
  .strictObject({
    terraform_name: TerraformName.optional(),
    name: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,128}$/, 'a job definition name: 1-128 letters, digits, dashes or underscores'),
    /**
     * container (one container or one ECS task of several, or an array job of them) or multinode (a
     * multi-node parallel job).
     */
    type: z.enum(['container', 'multinode']).default('container'),
    platform_capabilities: z
      .array(z.enum(['EC2', 'FARGATE']))
      .length(1)
      .default(['EC2']),
    propagate_tags: z.boolean().default(true),
    /** Defaults of the `Ref::<name>` placeholders of the command, overridable at submit. */
    parameters: z
      .record(
        z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'a parameter name: letters, digits, dashes or underscores'),
        z.string(),
      )
      .optional(),
    /** Order of the jobs of this definition on a fair-share queue (higher first). */
    scheduling_priority: z.number().int().min(0).max(9999).optional(),
    retry_strategy: z
      .strictObject({
        attempts: z.number().int().min(1).max(10),
        evaluate_on_exit: z.array(EvaluateOnExit).max(5).optional(),
      })
      .optional(),
    timeout: z.strictObject({ attempt_duration_seconds: z.number().int().min(60) }).optional(),
    /** Keep older revisions ACTIVE so running and queued jobs never lose theirs. */
    deregister_on_new_revision: z.boolean().default(false),
    container_properties: ContainerPropertiesSchema.optional(),
    /**
     * Several containers in one ECS task, such as a main container and its sidecars; instead of
     * container_properties.
     */
    ecs_properties: EcsPropertiesSchema.optional(),
    node_properties: NodePropertiesSchema.optional(),
    tags: Tags.optional(),
  })
  .superRefine((job, ctx) => {
    const fail = (path: JsonPath, input: unknown, message: string): void =>
      ctx.addIssue({ code: 'custom', path: [...path], input, message });
    const platform = job.platform_capabilities[0]!;
    if (job.type === 'container') {
      if (job.node_properties !== undefined)
        fail(
          ['node_properties'],
          job.node_properties,
          'no node_properties with type "container" (use type "multinode" for a multi-node parallel job)',
        );
      if (job.container_properties !== undefined && job.ecs_properties !== undefined)
        fail(
          ['ecs_properties'],
          job.ecs_properties,
          'either container_properties (one container) or ecs_properties (an ECS task of several), not both',
        );
      else if (job.container_properties === undefined && job.ecs_properties === undefined)
        fail(
          ['container_properties'],
          undefined,
          'container_properties, or ecs_properties: a job of type "container" needs one of them',
        );
      else if (job.container_properties !== undefined)
        checkContainerForPlatform(job.container_properties, { platform, multinode: false }, (p, input, message) =>
          fail(['container_properties', ...p], input, message),
        );
      else
        job.ecs_properties!.taskProperties.forEach((task, i) =>
          checkEcsTaskForPlatform(task, platform, (p, input, message) =>
            fail(['ecs_properties', 'taskProperties', i, ...p], input, message),
          ),
        );
    } else {
      if (job.container_properties !== undefined)
        fail(
          ['container_properties'],
          job.container_properties,
          'no container_properties with type "multinode": each node range of node_properties has its container',
        );
      if (job.ecs_properties !== undefined)
        fail(
          ['ecs_properties'],
          job.ecs_properties,
          'no ecs_properties with type "multinode": each node range of node_properties has its container',
        );
      if (platform === 'FARGATE')
        fail(
          ['platform_capabilities'],
          job.platform_capabilities,
          '["EC2"]: multi-node parallel jobs do not run on Fargate',
        );
      if (job.node_properties === undefined)
        fail(['node_properties'], undefined, 'node_properties: a job of type "multinode" needs them');
      else checkNodes(job.node_properties, (p, input, message) => fail(['node_properties', ...p], input, message));
    }
    Object.entries(job.parameters ?? {}).forEach(([name, value]) => {
      const secret = secretInValue(name, value);
      if (secret !== undefined)
        fail(
          ['parameters', name],
          '<redacted>',
          `no secret as a parameter value (${secret}): parameters are stored in the job definition; inject ` +
            `it through the container's secrets`,
        );
    });
  }, WHEN_FIELDS_VALID)
  .transform(({ container_properties: container, ecs_properties: ecs, node_properties: nodes, ...job }) => {
    const platform = job.platform_capabilities[0]!;
    const container_properties: ContainerPropertiesConfig | undefined = container
      ? registeredContainer(container, platform)
      : undefined;
    const ecs_properties: EcsPropertiesConfig | undefined = ecs ? registeredEcsProperties(ecs, platform) : undefined;
    const node_properties: NodePropertiesConfig | undefined = nodes
      ? {
          ...nodes,
          nodeRangeProperties: nodes.nodeRangeProperties.map((range) => ({
            ...range,
            container: registeredContainer(range.container, 'EC2'),
          })),
        }
      : undefined;
    return { ...job, container_properties, ecs_properties, node_properties };
  });

/** nodeProperties as registered. */
export type NodePropertiesConfig = Omit<z.output<typeof NodePropertiesSchema>, 'nodeRangeProperties'> & {
  readonly nodeRangeProperties: (Omit<z.output<typeof NodeRangeProperty>, 'container'> & {
    readonly container: ContainerPropertiesConfig;
  })[];
};

// A key AWS does not define, or a value of another type, fails the type check here.
export type NodePropertiesMatchTheSdk = Assert<WithinSdkShape<NodePropertiesConfig, SdkNodeProperties>>;

/** A validated job definition, its container, task or nodes as they will be registered. */
export type JobDefinitionConfig = z.output<typeof JobDefinitionSchema>;

/**
 * Every container of a job definition (its container, each container of its ECS task, or the container of
 * each node range) and where it is.
 */
export function containersOf(
  job: JobDefinitionConfig,
): { readonly container: ContainerPropertiesConfig | TaskContainerConfig; readonly path: JsonPath }[] {
  if (job.container_properties) return [{ container: job.container_properties, path: ['container_properties'] }];
  if (job.ecs_properties) {
    return job.ecs_properties.taskProperties.flatMap((task, i) =>
      task.containers.map((container, j) => ({
        container,
        path: ['ecs_properties', 'taskProperties', i, 'containers', j],
      })),
    );
  }
  return (job.node_properties?.nodeRangeProperties ?? []).map((range, i) => ({
    container: range.container,
    path: ['node_properties', 'nodeRangeProperties', i, 'container'],
  }));
}

/** The node ranges must stay inside numNodes, not overlap, and cover every node; the main node must exist. */
function checkNodes(
  nodes: z.output<typeof NodePropertiesSchema>,
  fail: (path: JsonPath, input: unknown, message: string) => void,
): void {
  const last = nodes.numNodes - 1;
  if (nodes.mainNode > last) fail(['mainNode'], nodes.mainNode, `a node index below numNodes (${nodes.numNodes})`);
  const owner = new Map<number, number>();
  nodes.nodeRangeProperties.forEach((range, i) => {
    const [from, to] = nodeRange(range.targetNodes, last);
    if (from > to || to > last) {
      fail(
        ['nodeRangeProperties', i, 'targetNodes'],
        range.targetNodes,
        `a range of node indexes from 0 to ${last} (numNodes is ${nodes.numNodes})`,
      );
      return;
    }
    const overlap = Array.from({ length: to - from + 1 }, (_, k) => from + k).find((node) => owner.has(node));
    if (overlap !== undefined)
      fail(
        ['nodeRangeProperties', i, 'targetNodes'],
        range.targetNodes,
        `a range that does not overlap node range ${owner.get(overlap)} (both include node ${overlap})`,
      );
    for (let node = from; node <= to; node++) if (!owner.has(node)) owner.set(node, i);
    checkContainerForPlatform(range.container, { platform: 'EC2', multinode: true }, (p, input, message) =>
      fail(['nodeRangeProperties', i, 'container', ...p], input, message),
    );
  });
  const uncovered = Array.from({ length: nodes.numNodes }, (_, node) => node).filter((node) => !owner.has(node));
  if (uncovered.length > 0 && uncovered.length < nodes.numNodes) {
    fail(
      ['nodeRangeProperties'],
      nodes.nodeRangeProperties.map((r) => r.targetNodes),
      `node ranges that together cover every node 0 to ${last} (node${uncovered.length > 1 ? 's' : ''} ` +
        `${uncovered.join(', ')} ha${uncovered.length > 1 ? 've' : 's'} no range)`,
    );
  }
}

/** [first, last] node index of a targetNodes range; an open end is 0 or the last node. */
function nodeRange(targetNodes: string, last: number): [number, number] {
  if (!targetNodes.includes(':')) return [Number(targetNodes), Number(targetNodes)];
  const [from, to] = targetNodes.split(':');
  return [from === '' ? 0 : Number(from), to === '' ? last : Number(to)];
}
