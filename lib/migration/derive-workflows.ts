import { whereIs } from './derive-iam';
import type { MigrationNotes } from './migration-notes';
import { firstBlock, nameOfArn, parseJson, type RecognisedResource } from './resource-roles';
import { TerraformNames } from './terraform-names';

/** A state of an Amazon States Language definition, as far as the migration reads it. */
interface AslState {
  readonly Type?: string;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Arguments?: Record<string, unknown>;
  readonly Choices?: readonly Record<string, unknown>[];
  readonly Next?: string;
  readonly Default?: string;
}

/** What a hybrid router's definition says: where it routes, by which count, to which Lambda and jobs. */
export interface RouterReading {
  /** JSONPath of the record count. */
  readonly chunkSizePath?: string;
  /** Counts above it go to Batch. */
  readonly threshold?: number;
  /** The Lambda of small chunks. */
  readonly lambdaFunctionArn?: string;
  /** The job queue, by name. */
  readonly jobQueue?: string;
  /** The job definitions submitted, by name, in the order the workflow runs them. */
  readonly jobDefinitions: readonly string[];
}

const COMPARISONS = ['NumericGreaterThan', 'NumericGreaterThanEquals', 'NumericLessThan', 'NumericLessThanEquals'];

/**
 * Reads a definition the way the hybrid router is built: a Choice on a numeric path, a Lambda
 * task, and Batch tasks (submitJob) with their queue and job definitions. Job definitions are
 * named without their revision. Nothing here changes the definition: it is kept as written.
 */
export function readRouterDefinition(definition: unknown): RouterReading {
  const document = parseJson(definition) as { StartAt?: string; States?: Record<string, AslState> } | undefined;
  const states = document?.States ?? {};
  const order: string[] = [];
  const visit = (name: string | undefined): void => {
    if (!name || order.includes(name) || !states[name]) return;
    order.push(name);
    const state = states[name]!;
    for (const choice of state.Choices ?? []) visit(choice.Next as string | undefined);
    visit(state.Default);
    visit(state.Next);
  };
  visit(document?.StartAt);
  for (const name of Object.keys(states)) visit(name);
  let chunkSizePath: string | undefined;
  let threshold: number | undefined;
  let lambdaFunctionArn: string | undefined;
  let jobQueue: string | undefined;
  const jobDefinitions: string[] = [];
  for (const name of order) {
    const state = states[name]!;
    const parameters = state.Parameters ?? state.Arguments ?? {};
    for (const choice of state.Choices ?? []) {
      const comparison = COMPARISONS.find((c) => typeof choice[c] === 'number');
      if (comparison && threshold === undefined && typeof choice.Variable === 'string') {
        chunkSizePath = choice.Variable;
        threshold = choice[comparison] as number;
      }
    }
    const resource = state.Resource ?? '';
    if (/^arn:aws[a-z-]*:states:::lambda:invoke/.test(resource) && typeof parameters.FunctionName === 'string')
      lambdaFunctionArn ??= parameters.FunctionName;
    else if (/^arn:aws[a-z-]*:lambda:/.test(resource)) lambdaFunctionArn ??= resource;
    if (/^arn:aws[a-z-]*:states:::batch:submitJob/.test(resource)) {
      if (typeof parameters.JobQueue === 'string') jobQueue ??= nameOfArn(parameters.JobQueue) ?? parameters.JobQueue;
      if (typeof parameters.JobDefinition === 'string') {
        const job = (nameOfArn(parameters.JobDefinition) ?? parameters.JobDefinition).replace(/:\d+$/, '');
        if (!jobDefinitions.includes(job)) jobDefinitions.push(job);
      }
    }
  }
  return {
    ...(chunkSizePath ? { chunkSizePath } : {}),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(lambdaFunctionArn ? { lambdaFunctionArn: lambdaFunctionArn.replace(/:\$LATEST$/, '') } : {}),
    ...(jobQueue ? { jobQueue } : {}),
    jobDefinitions,
  };
}

/**
 * The step_functions settings from the existing state machines: each a hybrid_router with its
 * exact name and role, and what its definition routes to; the definition itself is kept as
 * written (the migration keeps it as adopted), so a machine whose definition is no router still
 * migrates. The threshold a Terragrunt input gives is checked against the definition's.
 */
export function deriveWorkflows(
  resources: readonly RecognisedResource[],
  prefix: string | undefined,
  thresholdInputs: readonly { readonly where: string; readonly value: number }[],
  notes: MigrationNotes,
): Record<string, unknown> {
  const names = new TerraformNames(prefix);
  const machines: Record<string, unknown> = {};
  for (const machine of resources.filter((r) => r.role === 'state-machine')) {
    const a = machine.instance.attributes;
    const reading = readRouterDefinition(a.definition);
    const key = names.of(String(a.name), 'state_machine');
    const logging = firstBlock(a.logging_configuration);
    const logGroup = resources.find(
      (r) =>
        r.role === 'state-machine-log-group' &&
        typeof logging?.log_destination === 'string' &&
        logging.log_destination.replace(/:\*$/, '') === r.instance.attributes.arn,
    );
    for (const input of thresholdInputs.filter((i) => reading.threshold !== undefined && i.value !== reading.threshold))
      notes.warn(
        input.where,
        `the router threshold input is ${input.value}, but the state machine ${String(a.name)} routes above ${reading.threshold}: the definition is what runs, so ${reading.threshold} is migrated; correct the input or the machine`,
      );
    const threshold = reading.threshold ?? thresholdInputs[0]?.value;
    const [validation, processing] =
      reading.jobDefinitions.length >= 2
        ? [reading.jobDefinitions[0], reading.jobDefinitions[reading.jobDefinitions.length - 1]]
        : [undefined, reading.jobDefinitions[0]];
    machines[key] = {
      pattern: 'hybrid_router',
      name: a.name,
      role_name: nameOfArn(a.role_arn),
      ...(reading.chunkSizePath ? { chunk_size_path: reading.chunkSizePath } : {}),
      ...(threshold !== undefined ? { chunk_size_threshold: threshold } : {}),
      ...(reading.lambdaFunctionArn ? { lambda_function_arn: reading.lambdaFunctionArn } : {}),
      ...(reading.jobQueue ? { job_queue: reading.jobQueue } : {}),
      ...(processing ? { processing_job_definition: processing } : {}),
      ...(validation ? { validation_job_definition: validation } : {}),
      logging: {
        level: logging?.level,
        include_execution_data: logging?.include_execution_data ?? false,
        retention_in_days: logGroup?.instance.attributes.retention_in_days,
      },
      tracing_enabled: firstBlock(a.tracing_configuration)?.enabled === true,
    };
    notes.info(
      whereIs(machine),
      `the definition is kept as written (adoption keep); the hybrid_router settings are what it routes to${threshold !== undefined ? ` (above ${threshold} records to Batch)` : ''}, for the role's permissions and for when you switch to the generated definition`,
    );
  }
  return { state_machines: machines };
}
