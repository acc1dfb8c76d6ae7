/** How many resources a plan creates, updates, replaces, destroys, moves, imports or leaves alone. */
export interface PlanSummary {
  /** Resources to create. */
  readonly create: number;
  /** Resources updated in place. */
  readonly update: number;
  /** Resources destroyed and created again. */
  readonly replace: number;
  /** Resources destroyed. */
  readonly destroy: number;
  /** Resources whose address changes (`moved` blocks). */
  readonly move: number;
  /** Resources adopted into the state (`import` blocks). */
  readonly import: number;
  /** Resources left as they are (known from a full plan only; 0 when counted from the event stream). */
  readonly noop: number;
  /** Resources changed outside Terraform since the last apply. */
  readonly drift: number;
  /** Output values that change. */
  readonly outputChanges: number;
}

interface ResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly previous_address?: string;
  readonly change: { readonly actions: readonly string[]; readonly importing?: unknown };
}

interface PlanJson {
  readonly resource_changes?: readonly ResourceChange[];
  readonly resource_drift?: readonly unknown[];
  readonly output_changes?: Readonly<Record<string, { readonly actions: readonly string[] }>>;
}

/** Counts the changes of a `terraform show -json` plan (managed resources only; data reads are not changes). */
export function summarizePlan(plan: unknown): PlanSummary {
  const json = plan as PlanJson;
  const counts = { create: 0, update: 0, replace: 0, destroy: 0, move: 0, import: 0, noop: 0 };
  for (const change of json.resource_changes ?? []) {
    if (change.mode === 'data') continue;
    const actions = change.change.actions;
    if (actions.includes('delete') && actions.includes('create')) counts.replace++;
    else if (actions.includes('create')) counts.create++;
    else if (actions.includes('delete')) counts.destroy++;
    else if (actions.includes('update')) counts.update++;
    else counts.noop++;
    if (change.previous_address !== undefined && change.previous_address !== change.address) counts.move++;
    if (change.change.importing !== undefined) counts.import++;
  }
  const outputChanges = Object.values(json.output_changes ?? {}).filter((c) => !c.actions.every((a) => a === 'no-op')).length;
  return { ...counts, drift: (json.resource_drift ?? []).length, outputChanges };
}

/** True when applying the plan would change nothing. */
export function isNoChange(summary: PlanSummary): boolean {
  return summary.create + summary.update + summary.replace + summary.destroy + summary.move + summary.import === 0 && summary.outputChanges === 0;
}

interface PlanEvent {
  readonly type?: string;
  readonly change?: { readonly action?: string; readonly previous_resource?: unknown; readonly importing?: unknown };
  readonly outputs?: Readonly<Record<string, { readonly action?: string }>>;
}

/** Counts the changes from the JSON event stream of `terraform plan -json`. */
export function summarizePlanEvents(stream: string): PlanSummary {
  const counts = { create: 0, update: 0, replace: 0, destroy: 0, move: 0, import: 0, noop: 0, drift: 0, outputChanges: 0 };
  for (const line of stream.split('\n')) {
    if (!line.startsWith('{')) continue;
    const event = JSON.parse(line) as PlanEvent;
    if (event.type === 'resource_drift') counts.drift++;
    if (event.type === 'outputs') counts.outputChanges = Object.values(event.outputs ?? {}).filter((o) => o.action !== 'noop').length;
    if (event.type !== 'planned_change' || !event.change) continue;
    const { action, previous_resource: previous, importing } = event.change;
    if (action === 'create') counts.create++;
    else if (action === 'update') counts.update++;
    else if (action === 'replace') counts.replace++;
    else if (action === 'delete') counts.destroy++;
    if (action === 'move' || previous !== undefined) counts.move++;
    if (action === 'import' || importing !== undefined) counts.import++;
  }
  return counts;
}
