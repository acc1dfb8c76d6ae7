/**
 * Edits config/defaults.json so every workflow of the main configuration can submit to a
 * fair-share queue: each state machine's submissions carry `share` (and `priority`, when given),
 * and the pipeline's trigger, which cannot send a share identifier, is removed.
 */
export function shareEveryWorkflow(defaults: any, share: string, priority?: number): void {
  const fields = {
    share_identifier: share,
    ...(priority !== undefined ? { scheduling_priority_override: priority } : {}),
  };
  for (const machine of Object.values<any>(defaults.step_functions.state_machines)) {
    if (machine.pattern === 'job_schedule')
      for (const job of Object.values<any>(machine.jobs)) Object.assign(job, fields);
    else Object.assign(machine, fields);
  }
  for (const pipeline of Object.values<any>(defaults.sqs.pipelines)) delete pipeline.trigger;
}
