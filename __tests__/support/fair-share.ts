import type { EditableJson } from './config-fixture';

/** A JSON object of the configuration, read by its keys. */
type JsonObject = Record<string, unknown>;

/** The members of a JSON object that are objects themselves (the state machines, the jobs...). */
const objectsIn = (value: unknown): JsonObject[] => Object.values(value as JsonObject) as JsonObject[];

/**
 * Edits config/defaults.json so every workflow of the main configuration can submit to a
 * fair-share queue: each state machine's submissions carry `share` (and `priority`, when given),
 * and the pipeline's trigger, which cannot send a share identifier, is removed.
 */
export function shareEveryWorkflow(defaults: EditableJson, share: string, priority?: number): void {
  const fields = {
    share_identifier: share,
    ...(priority !== undefined ? { scheduling_priority_override: priority } : {}),
  };
  for (const machine of objectsIn(defaults.step_functions.state_machines)) {
    if (machine.pattern === 'job_schedule') for (const job of objectsIn(machine.jobs)) Object.assign(job, fields);
    else Object.assign(machine, fields);
  }
  for (const pipeline of objectsIn(defaults.sqs.pipelines)) delete pipeline.trigger;
}
