import type { ExistingState, StateInstance } from './existing-state';
import { type HclObject, type HclValue, Untranslatable } from './hcl-values';
import { resourcesOf, type StackResource, StackEvaluation, type SynthesizedStackJson } from './stack-evaluation';
import { codePointOrder } from './code-point-order';

/** An existing state of the environment: the unit that wrote it, where it is, what it holds. */
export interface UnitState {
  /** The unit's folder relative to the live tree's root. */
  readonly unit: string;
  /** Bucket and key it lives at. */
  readonly location: { readonly bucket: string; readonly key: string };
  /** Its content. */
  readonly state: ExistingState;
}

/** One existing resource instance adopted by one new resource. */
export interface ResourceMatch {
  /** The new resource. */
  readonly resource: StackResource;
  /** The existing instance. */
  readonly instance: StateInstance;
  /** The unit whose state holds it. */
  readonly unitState: UnitState;
  /** How it is adopted: already at that address, moved within the same state, or imported into another. */
  readonly how: 'same-address' | 'moved' | 'imported';
  /** What identified it (type and name, ARN...). */
  readonly identity: string;
}

/** The outcome of matching an environment's states to its new stacks. */
export interface AdoptionPlan {
  /** Resources adopted. */
  readonly matches: readonly ResourceMatch[];
  /** New resources no existing resource corresponds to: created by the first apply. */
  readonly created: readonly StackResource[];
  /** Existing instances no new resource corresponds to, and what happens to them. */
  readonly unmatched: readonly {
    readonly instance: StateInstance;
    readonly unitState: UnitState;
    readonly forgottenBy?: string;
  }[];
  /** Existing instances imported elsewhere whose old state a stack takes over: that stack forgets them. */
  readonly handedOver: readonly {
    readonly instance: StateInstance;
    readonly unitState: UnitState;
    readonly forgottenBy: string;
    readonly adoptedBy: string;
  }[];
  /** The state each stack takes over (same bucket and key), by stack name. */
  readonly takesOver: ReadonlyMap<string, UnitState>;
}

/** What identifies a resource of each type, from its arguments (new side) or its state (old side). */
const IDENTITY: Readonly<Record<string, (a: Readonly<Record<string, unknown>>) => readonly unknown[]>> = {
  aws_iam_role: (a) => [a.name],
  aws_iam_instance_profile: (a) => [a.name],
  aws_iam_role_policy: (a) => [roleName(a.role), a.name],
  aws_iam_role_policy_attachment: (a) => [roleName(a.role), a.policy_arn],
  aws_security_group: (a) => [a.name, a.vpc_id],
  aws_vpc_security_group_egress_rule: (a) => [
    a.security_group_id,
    a.ip_protocol,
    a.from_port,
    a.to_port,
    a.cidr_ipv4 ?? a.prefix_list_id ?? a.referenced_security_group_id,
  ],
  aws_vpc_security_group_ingress_rule: (a) => [
    a.security_group_id,
    a.ip_protocol,
    a.from_port,
    a.to_port,
    a.cidr_ipv4 ?? a.prefix_list_id ?? a.referenced_security_group_id,
  ],
  aws_sqs_queue: (a) => [a.name],
  aws_sqs_queue_policy: (a) => [a.queue_url],
  aws_sqs_queue_redrive_allow_policy: (a) => [a.queue_url],
  aws_sqs_queue_redrive_policy: (a) => [a.queue_url],
  aws_launch_template: (a) => [a.name],
  aws_batch_compute_environment: (a) => [a.compute_environment_name],
  aws_batch_job_queue: (a) => [a.name],
  aws_batch_job_definition: (a) => [a.name],
  aws_batch_scheduling_policy: (a) => [a.name],
  aws_cloudwatch_log_group: (a) => [a.name],
  aws_sfn_state_machine: (a) => [a.name],
};

/** The id `terraform import` takes, where it is not the state's `id` attribute. */
const IMPORT_ID: Readonly<Record<string, (a: Readonly<Record<string, unknown>>) => string>> = {
  aws_iam_role_policy_attachment: (a) => `${a.role}/${a.policy_arn}`,
};

/** The id to import an existing instance by. */
export function importIdOf(instance: StateInstance): string {
  const custom = IMPORT_ID[instance.type];
  return custom ? custom(instance.attributes) : String(instance.attributes.id);
}

/** A role argument may be the role's name or ARN (both identify it). */
function roleName(role: unknown): unknown {
  return typeof role === 'string' && role.startsWith('arn:') ? role.slice(role.lastIndexOf('/') + 1) : role;
}

/** The identity of a resource, or undefined while part of it is not known. */
function identityOf(type: string, attributes: Readonly<Record<string, unknown>>): string | undefined {
  const identify = IDENTITY[type] ?? ((a: Readonly<Record<string, unknown>>) => [a.arn ?? a.name]);
  const parts = identify(attributes);
  if (
    parts.some(
      (p) => p === undefined || p === null || p instanceof Untranslatable || (typeof p === 'object' && p !== null),
    )
  )
    return undefined;
  return `${type} ${parts.map((p) => String(p)).join(' | ')}`;
}

/**
 * Matches every existing resource instance of an environment's unit states to the new stacks'
 * resources by identity: type plus name, or the attributes that make the resource unique where
 * it has no name (a policy attachment is its role and policy). Matching repeats until nothing
 * new matches, as a resource's identity may need another's adopted attributes (a queue policy's
 * queue URL). A stack takes over the unit state at its own bucket and key.
 */
export async function planAdoption(
  stacks: readonly SynthesizedStackJson[],
  unitStates: readonly UnitState[],
): Promise<AdoptionPlan> {
  const takesOver = new Map<string, UnitState>();
  for (const stack of stacks) {
    const taken = unitStates.find(
      (u) => u.location.bucket === stack.state.bucket && u.location.key === stack.state.key,
    );
    if (taken) takesOver.set(stack.name, taken);
  }
  const oldInstances = unitStates.flatMap((unitState) =>
    unitState.state.instances.map((instance) => ({
      instance,
      unitState,
      identity: identityOf(instance.type, instance.attributes),
    })),
  );
  const resources = stacks.flatMap(resourcesOf);
  const matched = new Map<string, { instance: StateInstance; unitState: UnitState; identity: string }>();
  const taken = new Set<StateInstance>();
  for (let pass = 0; pass < 10; pass++) {
    const evaluation = new StackEvaluation(stacks, (stack, address) => matched.get(`${stack} ${address}`)?.instance);
    let found = 0;
    for (const resource of resources) {
      const key = `${resource.stack} ${resource.address}`;
      if (matched.has(key)) continue;
      const identity = identityOf(resource.type, await safeConfig(evaluation, resource));
      if (!identity) continue;
      const candidates = oldInstances.filter((o) => !taken.has(o.instance) && o.identity === identity);
      // The state the stack takes over wins a tie (a resource kept where it was).
      const best = candidates.find((c) => c.unitState === takesOver.get(resource.stack)) ?? candidates[0];
      if (!best) continue;
      matched.set(key, { instance: best.instance, unitState: best.unitState, identity });
      taken.add(best.instance);
      found++;
    }
    if (found === 0) break;
  }

  const matches: ResourceMatch[] = [];
  const created: StackResource[] = [];
  for (const resource of resources) {
    const match = matched.get(`${resource.stack} ${resource.address}`);
    if (!match) {
      created.push(resource);
      continue;
    }
    const sameState = takesOver.get(resource.stack) === match.unitState;
    const how = !sameState ? 'imported' : match.instance.address === resource.address ? 'same-address' : 'moved';
    matches.push({ resource, instance: match.instance, unitState: match.unitState, how, identity: match.identity });
  }
  const successor = (unitState: UnitState): string | undefined => [...takesOver].find(([, u]) => u === unitState)?.[0];
  const unmatched = oldInstances
    .filter((o) => !taken.has(o.instance))
    .map((o) => ({
      instance: o.instance,
      unitState: o.unitState,
      ...(successor(o.unitState) ? { forgottenBy: successor(o.unitState)! } : {}),
    }));
  const handedOver = matches
    .filter((m) => m.how === 'imported' && successor(m.unitState))
    .map((m) => ({
      instance: m.instance,
      unitState: m.unitState,
      forgottenBy: successor(m.unitState)!,
      adoptedBy: m.resource.stack,
    }));
  return { matches, created, unmatched, handedOver, takesOver };
}

/** A resource's arguments, evaluated as far as the matches so far allow. */
async function safeConfig(evaluation: StackEvaluation, resource: StackResource): Promise<HclObject> {
  try {
    return await evaluation.configOf(resource.stack, resource);
  } catch {
    return {};
  }
}

/** The adoption settings (config `adoption`) of each module, from the plan. */
export function adoptionSettings(
  plan: AdoptionPlan,
  moduleOf: (stack: string) => string,
): Record<
  string,
  {
    moved: { from: string; to: string }[];
    import: { to: string; id: string }[];
    removed: { from: string; reason: string }[];
  }
> {
  const out: Record<
    string,
    {
      moved: { from: string; to: string }[];
      import: { to: string; id: string }[];
      removed: { from: string; reason: string }[];
    }
  > = {};
  const of = (stack: string) => (out[moduleOf(stack)] ??= { moved: [], import: [], removed: [] });
  for (const match of plan.matches) {
    if (match.how === 'moved')
      of(match.resource.stack).moved.push({ from: match.instance.address, to: match.resource.address });
    if (match.how === 'imported')
      of(match.resource.stack).import.push({ to: match.resource.address, id: importIdOf(match.instance) });
  }
  // removed blocks name a resource, never an instance: one per old resource address.
  const removed = new Map<string, { stack: string; from: string; reason: string }>();
  for (const handed of plan.handedOver)
    removed.set(`${handed.forgottenBy} ${handed.instance.resourceAddress}`, {
      stack: handed.forgottenBy,
      from: handed.instance.resourceAddress,
      reason: `adopted by ${handed.adoptedBy}`,
    });
  for (const left of plan.unmatched.filter((u) => u.forgottenBy)) {
    const key = `${left.forgottenBy} ${left.instance.resourceAddress}`;
    if (!removed.has(key))
      removed.set(key, {
        stack: left.forgottenBy!,
        from: left.instance.resourceAddress,
        reason: 'no counterpart in the new stacks: kept in AWS, no longer managed',
      });
  }
  for (const entry of [...removed.values()].sort((a, b) => codePointOrder(a.from, b.from)))
    of(entry.stack).removed.push({ from: entry.from, reason: entry.reason });
  for (const settings of Object.values(out)) {
    settings.moved.sort((a, b) => codePointOrder(a.to, b.to));
    settings.import.sort((a, b) => codePointOrder(a.to, b.to));
  }
  return out;
}

/** A value read back, for messages. */
export function shown(value: HclValue | unknown): string {
  if (value instanceof Untranslatable) return `(known after apply: ${value.reason})`;
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
