import * as z from 'zod';
import { TerraformName } from './common-fields';
import { ArrayJobSettings } from './array-job-schema';
import { BatchGroupSettings } from './batch-group-schema';
import { HybridRouterSettings } from './hybrid-router-schema';
import { JobScheduleSettings } from './job-schedule-schema';

/** A state machine of the step-function stack; `pattern` says which workflow it generates. */
export const StateMachineSettings = z.discriminatedUnion('pattern', [
  HybridRouterSettings,
  BatchGroupSettings,
  JobScheduleSettings,
  ArrayJobSettings,
]);

/** Settings of the step-function stack's state machines, by key. */
export const StepFunctionsSettings = z.strictObject({ state_machines: z.record(TerraformName, StateMachineSettings) });

/** One state machine's validated settings. */
export type StateMachineConfig = z.infer<typeof StateMachineSettings>;
/** The workflow patterns a state machine may follow. */
export type WorkflowPattern = StateMachineConfig['pattern'];
