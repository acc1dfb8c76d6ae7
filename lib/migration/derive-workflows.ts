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
  readonly Retry?: readonly Record<string, unknown>[];
  /** A Map state's states (Iterator before ItemProcessor came). */
  readonly Iterator?: AslMachine;
  readonly ItemProcessor?: AslMachine;
  /** A Parallel state's branches. */
  readonly Branches?: readonly AslMachine[];
}

/** A state machine, or a Map's or Parallel's inner one. */
interface AslMachine {
  readonly StartAt?: string;
  readonly States?: Record<string, AslState>;
}

/** A retrier as the workflow settings take it. */
export interface RetryReading {
  /** Seconds before the first retry. */
  readonly interval_seconds: number;
  /** Retries. */
  readonly max_attempts: number;
  /** Multiplier of the interval. */
  readonly backoff_rate: number;
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
  /** The Lambda task's first retrier. */
  readonly lambdaRetry?: RetryReading;
  /** The first retrier of a Batch task. */
  readonly batchRetry?: RetryReading;
}

const COMPARISONS = ['NumericGreaterThan', 'NumericGreaterThanEquals', 'NumericLessThan', 'NumericLessThanEquals'];

/** The states of a machine and of every machine nested in it (Map, Parallel), in the order they run. */
function statesInOrder(machine: AslMachine | undefined): AslState[] {
  const states = machine?.States ?? {};
  const order: string[] = [];
  const visit = (name: string | undefined): void => {
    if (!name || order.includes(name) || !states[name]) return;
    order.push(name);
    const state = states[name]!;
    for (const choice of state.Choices ?? []) visit(choice.Next as string | undefined);
    visit(state.Default);
    visit(state.Next);
  };
  visit(machine?.StartAt);
  for (const name of Object.keys(states)) visit(name);
  return order.flatMap((name) => {
    const state = states[name]!;
    return [
      state,
      ...statesInOrder(state.ItemProcessor ?? state.Iterator),
      ...(state.Branches ?? []).flatMap((branch) => statesInOrder(branch)),
    ];
  });
}

function retryOf(state: AslState): RetryReading | undefined {
  const retrier = state.Retry?.[0];
  if (!retrier || typeof retrier.MaxAttempts !== 'number') return undefined;
  return {
    interval_seconds: typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1,
    max_attempts: retrier.MaxAttempts,
    backoff_rate: typeof retrier.BackoffRate === 'number' ? retrier.BackoffRate : 2,
  };
}

/**
 * Reads a definition the way the hybrid router is built, wherever its states are (a Map's or a
 * Parallel's too): a Choice on a numeric path, a Lambda task, and Batch tasks (submitJob) with
 * their queue and job definitions, named without revision, and their retriers. Nothing here
 * changes the definition: it is kept as written.
 */
export function readRouterDefinition(definition: unknown): RouterReading {
  let chunkSizePath: string | undefined;
  let threshold: number | undefined;
  let lambdaFunctionArn: string | undefined;
  let jobQueue: string | undefined;
  let lambdaRetry: RetryReading | undefined;
  let batchRetry: RetryReading | undefined;
  const jobDefinitions: string[] = [];
  for (const state of statesInOrder(parseJson(definition) as AslMachine | undefined)) {
    const parameters = state.Parameters ?? state.Arguments ?? {};
    for (const choice of state.Choices ?? []) {
      const comparison = COMPARISONS.find((c) => typeof choice[c] === 'number');
      if (comparison && threshold === undefined && typeof choice.Variable === 'string') {
        chunkSizePath = choice.Variable;
        threshold = choice[comparison] as number;
      }
    }
    const resource = state.Resource ?? '';
    const lambda =
      /^arn:aws[a-z-]*:states:::lambda:invoke/.test(resource) && typeof parameters.FunctionName === 'string'
        ? parameters.FunctionName
        : /^arn:aws[a-z-]*:lambda:/.test(resource)
          ? resource
          : undefined;
    if (lambda) {
      lambdaFunctionArn ??= lambda;
      lambdaRetry ??= retryOf(state);
    }
    if (/^arn:aws[a-z-]*:states:::batch:submitJob/.test(resource)) {
      batchRetry ??= retryOf(state);
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
    ...(lambdaRetry ? { lambdaRetry } : {}),
    ...(batchRetry ? { batchRetry } : {}),
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
        `the router threshold input is ${input.value}, but the state machine ${String(a.name)} routes above ` +
          `${reading.threshold}: the definition is what runs, so ${reading.threshold} is migrated; correct the ` +
          `input or the machine`,
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
      ...(reading.lambdaRetry ? { lambda_retry: reading.lambdaRetry } : {}),
      ...(reading.batchRetry ? { batch_retry: reading.batchRetry } : {}),
      logging: {
        level: logging?.level,
        include_execution_data: logging?.include_execution_data ?? false,
        retention_in_days: logGroup?.instance.attributes.retention_in_days,
      },
      tracing_enabled: firstBlock(a.tracing_configuration)?.enabled === true,
    };
    notes.info(
      whereIs(machine),
      `the definition is kept as written (adoption keep); the hybrid_router settings are what it routes ` +
        `to${threshold !== undefined ? ` (above ${threshold} records to Batch)` : ''}, for the role's permissions ` +
        `and for when you switch to the generated definition`,
    );
  }
  return { state_machines: machines };
}
