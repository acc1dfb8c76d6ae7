import type { PolicyFinding } from './policy-rule';
import type { JsonObject, SynthesizedResource } from './synthesized-stack';
import { isObject, parseJsonArgument } from './terraform-values';

/** One container of a job or task definition, as the AWS API receives it. */
export interface ContainerView {
  /**
   * Where the container sits in the resource, such as `container_properties` or
   * `node_properties.nodeRangeProperties[0].container`.
   */
  readonly attribute: string;
  /** The container's properties (AWS API names: `environment`, `privileged`...). */
  readonly properties: JsonObject;
}

/** The containers of a definition, and the JSON arguments that could not be read at synth. */
export interface Containers {
  /** Containers found. */
  readonly containers: readonly ContainerView[];
  /** Arguments holding a Terraform expression instead of JSON: unknown until apply. */
  readonly unreadable: readonly string[];
}

/**
 * Every container of a Batch job definition (container_properties, node_properties node ranges,
 * ecs_properties tasks) or an ECS task definition (container_definitions). Terraform passes
 * these JSON strings to AWS unchecked, so they are read here.
 */
export function containersOf(resource: SynthesizedResource): Containers {
  const containers: ContainerView[] = [];
  const unreadable: string[] = [];
  const read = (attribute: string): unknown => {
    const raw = resource.values[attribute];
    if (raw === undefined) return undefined;
    const parsed = parseJsonArgument(raw);
    if (parsed === undefined) unreadable.push(attribute);
    return parsed;
  };
  if (resource.type === 'aws_batch_job_definition') {
    const single = read('container_properties');
    if (isObject(single)) containers.push({ attribute: 'container_properties', properties: single });
    const nodes = read('node_properties');
    if (isObject(nodes) && Array.isArray(nodes.nodeRangeProperties)) {
      nodes.nodeRangeProperties.forEach((range: unknown, i) => {
        if (isObject(range) && isObject(range.container))
          containers.push({
            attribute: `node_properties.nodeRangeProperties[${i}].container`,
            properties: range.container,
          });
      });
    }
    for (const task of tasksIn(read('ecs_properties'))) {
      if (!Array.isArray(task.properties.containers)) continue;
      task.properties.containers.forEach((container: unknown, j) => {
        if (isObject(container))
          containers.push({ attribute: `${task.attribute}.containers[${j}]`, properties: container });
      });
    }
  } else if (resource.type === 'aws_ecs_task_definition') {
    const definitions = read('container_definitions');
    if (Array.isArray(definitions)) {
      definitions.forEach((container: unknown, i) => {
        if (isObject(container)) containers.push({ attribute: `container_definitions[${i}]`, properties: container });
      });
    }
  }
  return { containers, unreadable };
}

/**
 * The ECS tasks of a parsed ecs_properties argument, where a multi-container job keeps its
 * task-level settings (networkConfiguration...).
 */
function tasksIn(ecs: unknown): ContainerView[] {
  if (!isObject(ecs) || !Array.isArray(ecs.taskProperties)) return [];
  return ecs.taskProperties.flatMap((task: unknown, i) =>
    isObject(task) ? [{ attribute: `ecs_properties.taskProperties[${i}]`, properties: task }] : [],
  );
}

/**
 * The ECS tasks of a Batch job definition's ecs_properties; none when there are none or Terraform
 * computes them (containerFindings reports that).
 */
export function ecsTasksOf(resource: SynthesizedResource): ContainerView[] {
  const raw = resource.type === 'aws_batch_job_definition' ? resource.values.ecs_properties : undefined;
  return raw === undefined ? [] : tasksIn(parseJsonArgument(raw));
}

/** The finding for a definition whose containers Terraform computes: the rules cannot see them. */
function unreadableFinding(attribute: string): { attribute: string; found: string; allowed: string } {
  return {
    attribute,
    found: 'a Terraform expression, unknown until apply',
    allowed: 'JSON written at synth (JSON.stringify), so the policy pack can read it',
  };
}

/**
 * The findings of a rule that looks at each container of a definition: one per definition argument
 * it cannot read (a Terraform expression), then what `check` finds in each container.
 */
export function containerFindings(
  resource: SynthesizedResource,
  check: (container: ContainerView) => readonly PolicyFinding[],
): PolicyFinding[] {
  const { containers, unreadable } = containersOf(resource);
  return [...unreadable.map(unreadableFinding), ...containers.flatMap(check)];
}
