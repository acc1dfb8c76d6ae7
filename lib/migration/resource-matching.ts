import { codePointOrder } from './code-point-order';
import type { ExistingState, StateInstance } from './existing-state';
import { type HclObject, type HclValue, Untranslatable } from './hcl-values';
import { firstBlock, nameOfArn } from './resource-roles';
import { resourcesOf, type StackResource, StackEvaluation, type SynthesizedStackJson } from './stack-evaluation';

/** An existing state of the environment: the unit that wrote it, where it is, what it holds. */
export interface UnitState {
  /** The unit's folder relative to the live tree's root. */
  readonly unit: string;
  /** Bucket and key it lives at. */
  readonly location: { readonly bucket: string; readonly key: string };
  /** Its content. */
  readonly state: ExistingState;
}

/**
 * An existing object as something a stack can adopt. Most are a state's instances; some are
 * parts of one (an exclusive attachment's policies, a group's inline rule, a queue's inline
 * policy), which a stack manages as resources of their own: those can only be imported.
 */
export interface AdoptableObject {
  /** The instance it is (or is part of). */
  readonly instance: StateInstance;
  /** The resource type a stack manages it as. */
  readonly type: string;
  /** Its attributes in that type's terms. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Set for a part of an instance: the id to import it by, or why it has none. */
  readonly part?: { readonly importId?: string; readonly what: string };
}

/** One existing object adopted by one new resource. */
export interface ResourceMatch {
  /** The new resource. */
  readonly resource: StackResource;
  /** The existing object. */
  readonly object: AdoptableObject;
  /** The unit whose state holds it. */
  readonly unitState: UnitState;
  /** How: already at that address, moved within the same state, or imported (from another state, or a part). */
  readonly how: 'same-address' | 'moved' | 'imported';
  /** What identified it (type and name, ARN...), or the purpose it serves. */
  readonly identity: string;
}

/** The outcome of matching an environment's states to its new stacks. */
export interface AdoptionPlan {
  /** Objects adopted. */
  readonly matches: readonly ResourceMatch[];
  /** New resources no existing object corresponds to: created by the first apply. */
  readonly created: readonly StackResource[];
  /** Existing instances no new resource adopts whole, and the stack whose state forgets them. */
  readonly unmatched: readonly {
    readonly instance: StateInstance;
    readonly unitState: UnitState;
    readonly forgottenBy?: string;
  }[];
  /** Instances imported elsewhere whose old state a stack takes over: that stack forgets them. */
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
    a.ip_protocol === '-1' ? null : a.from_port,
    a.ip_protocol === '-1' ? null : a.to_port,
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

/**
 * What a resource is for, where its name may differ: the one inline policy of a role, the
 * instance profile of a role. Matched only when both sides have exactly one of a kind.
 */
const PURPOSE: Readonly<Record<string, (a: Readonly<Record<string, unknown>>) => readonly unknown[]>> = {
  aws_iam_role_policy: (a) => ['inline policy of', roleName(a.role)],
  aws_iam_instance_profile: (a) => ['instance profile of', roleName(a.role)],
};

/** The id `terraform import` takes, where it is not the state's `id` attribute. */
const IMPORT_ID: Readonly<Record<string, (a: Readonly<Record<string, unknown>>) => string>> = {
  aws_iam_role_policy_attachment: (a) => `${String(roleName(a.role))}/${String(a.policy_arn)}`,
};

/** The id to import an existing object by; undefined when the state does not record one. */
export function importIdOf(object: AdoptableObject): string | undefined {
  if (object.part) return object.part.importId;
  const custom = IMPORT_ID[object.type];
  return custom ? custom(object.attributes) : String(object.attributes.id);
}

/** A role argument may be the role's name or ARN (both identify it). */
function roleName(role: unknown): unknown {
  return typeof role === 'string' && role.startsWith('arn:') ? nameOfArn(role) : role;
}

function keyOf(
  table: Readonly<Record<string, (a: Readonly<Record<string, unknown>>) => readonly unknown[]>>,
  type: string,
  attributes: Readonly<Record<string, unknown>>,
): string | undefined {
  const identify =
    table[type] ?? (table === IDENTITY ? (a: Readonly<Record<string, unknown>>) => [a.arn ?? a.name] : undefined);
  if (!identify) return undefined;
  const parts = identify(attributes);
  if (parts.some((p) => p === undefined || p instanceof Untranslatable || (typeof p === 'object' && p !== null)))
    return undefined;
  return `${type} ${parts.map((p) => String(p)).join(' | ')}`;
}

/**
 * The objects an instance holds that a stack may adopt: the instance itself, and the parts the
 * stacks manage as resources of their own (each policy of an exclusive attachment or of a role's
 * managed_policy_arns, a role's inline policies, each destination of a security group rule or of
 * a group's inline rules, a queue's inline policies).
 */
export function adoptableObjects(instance: StateInstance, siblings: readonly StateInstance[]): AdoptableObject[] {
  const has = (type: string, test: (b: Readonly<Record<string, unknown>>) => boolean): boolean =>
    siblings.some((s) => s.type === type && test(s.attributes));
  const a = withSeparateRedrive(instance, siblings);
  const out: AdoptableObject[] = [{ instance, type: instance.type, attributes: a }];
  const part = (type: string, attributes: Record<string, unknown>, what: string, importId?: string): void => {
    out.push({ instance, type, attributes, part: { what, ...(importId ? { importId } : {}) } });
  };
  const attachment = (role: string, arn: string, what: string): void => {
    if (!has('aws_iam_role_policy_attachment', (b) => roleName(b.role) === role && b.policy_arn === arn))
      part('aws_iam_role_policy_attachment', { role, policy_arn: arn }, what, `${role}/${arn}`);
  };
  switch (instance.type) {
    case 'aws_iam_role_policy_attachments_exclusive':
      for (const arn of (a.policy_arns as string[] | undefined) ?? [])
        attachment(String(a.role_name), arn, `the attachment of ${arn} in ${instance.address}`);
      break;
    case 'aws_iam_role':
      for (const arn of (a.managed_policy_arns as string[] | undefined) ?? [])
        attachment(String(a.name), arn, `the attachment of ${arn} in ${instance.address}.managed_policy_arns`);
      for (const policy of (a.inline_policy as { name?: string; policy?: string }[] | undefined) ?? [])
        if (policy.name && !has('aws_iam_role_policy', (b) => roleName(b.role) === a.name && b.name === policy.name))
          part(
            'aws_iam_role_policy',
            { role: a.name, name: policy.name, policy: policy.policy },
            `the inline policy ${policy.name} in ${instance.address}`,
            `${String(a.name)}:${policy.name}`,
          );
      break;
    case 'aws_security_group_rule':
      if (a.type === 'egress')
        for (const destination of ruleDestinations(a))
          part(
            'aws_vpc_security_group_egress_rule',
            {
              security_group_id: a.security_group_id,
              ...ruleShape(a.protocol, a.from_port, a.to_port),
              ...destination,
              description: a.description === '' ? null : a.description,
            },
            `the rule to ${Object.values(destination)[0] as string} in ${instance.address}`,
            ruleDestinations(a).length === 1 && a.security_group_rule_id ? String(a.security_group_rule_id) : undefined,
          );
      break;
    case 'aws_security_group':
      if (
        !has('aws_vpc_security_group_egress_rule', (b) => b.security_group_id === a.id) &&
        !has('aws_security_group_rule', (b) => b.type === 'egress' && b.security_group_id === a.id)
      )
        for (const rule of (a.egress as Record<string, unknown>[] | undefined) ?? [])
          for (const destination of ruleDestinations(rule))
            part(
              'aws_vpc_security_group_egress_rule',
              {
                security_group_id: a.id,
                ...ruleShape(rule.protocol, rule.from_port, rule.to_port),
                ...destination,
                description: rule.description === '' ? null : rule.description,
              },
              `the inline rule to ${Object.values(destination)[0] as string} in ${instance.address}`,
            );
      break;
    case 'aws_sqs_queue':
      if (typeof a.policy === 'string' && a.policy !== '' && !has('aws_sqs_queue_policy', (b) => b.queue_url === a.url))
        part(
          'aws_sqs_queue_policy',
          { queue_url: a.url, policy: a.policy },
          `the policy in ${instance.address}`,
          String(a.url),
        );
      if (
        typeof a.redrive_allow_policy === 'string' &&
        a.redrive_allow_policy !== '' &&
        !has('aws_sqs_queue_redrive_allow_policy', (b) => b.queue_url === a.url)
      )
        part(
          'aws_sqs_queue_redrive_allow_policy',
          { queue_url: a.url, redrive_allow_policy: a.redrive_allow_policy },
          `the redrive allow policy in ${instance.address}`,
          String(a.url),
        );
      break;
  }
  return out;
}

/**
 * A queue whose redrive policy a separate aws_sqs_queue_redrive_policy sets: the queue has that
 * policy (its own attribute is empty only until it is refreshed), and a stack that sets it on the
 * queue keeps it.
 */
function withSeparateRedrive(
  instance: StateInstance,
  siblings: readonly StateInstance[],
): Readonly<Record<string, unknown>> {
  const a = instance.attributes;
  if (instance.type !== 'aws_sqs_queue' || (typeof a.redrive_policy === 'string' && a.redrive_policy !== '')) return a;
  const separate = siblings.find(
    (s) =>
      s.type === 'aws_sqs_queue_redrive_policy' &&
      (s.attributes.queue_url === a.url || s.attributes.queue_url === a.id),
  );
  return separate ? { ...a, redrive_policy: separate.attributes.redrive_policy } : a;
}

const PROTOCOLS: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1', '-1': '-1' };

function ruleShape(protocol: unknown, from: unknown, to: unknown): Record<string, unknown> {
  const ipProtocol = PROTOCOLS[String(protocol)] ?? String(protocol);
  return ipProtocol === '-1' ? { ip_protocol: '-1' } : { ip_protocol: ipProtocol, from_port: from, to_port: to };
}

function ruleDestinations(a: Readonly<Record<string, unknown>>): Record<string, string>[] {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return [
    ...list(a.cidr_blocks).map((c) => ({ cidr_ipv4: c })),
    ...list(a.prefix_list_ids).map((p) => ({ prefix_list_id: p })),
    ...list(a.security_groups).map((g) => ({ referenced_security_group_id: g })),
    ...(typeof a.source_security_group_id === 'string' && a.source_security_group_id
      ? [{ referenced_security_group_id: a.source_security_group_id }]
      : []),
  ];
}

/**
 * Matches the existing objects of an environment's unit states to the new stacks' resources:
 * by identity (type plus name, or what makes a nameless resource unique: a policy attachment is
 * its role and policy), then by purpose where names may differ (a role's one inline policy, its
 * instance profile, the log group a matched state machine logs to). Matching repeats until
 * nothing new matches, as an identity may need another's adopted attributes (a queue policy's
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
  const candidates = unitStates.flatMap((unitState) =>
    unitState.state.instances.flatMap((instance) =>
      adoptableObjects(instance, unitState.state.instances).map((object) => ({
        object,
        unitState,
        identity: keyOf(IDENTITY, object.type, object.attributes),
        purpose: keyOf(PURPOSE, object.type, object.attributes),
      })),
    ),
  );
  const resources = stacks.flatMap(resourcesOf);
  const matched = new Map<string, { object: AdoptableObject; unitState: UnitState; identity: string }>();
  const taken = new Set<AdoptableObject>();
  const takenInstances = (o: AdoptableObject): boolean => taken.has(o);
  for (let pass = 0; pass < 10; pass++) {
    const evaluation = new StackEvaluation(stacks, (stack, address) => {
      const m = matched.get(`${stack} ${address}`);
      return m ? { ...m.object.instance, attributes: m.object.attributes } : undefined;
    });
    let found = 0;
    const configs = new Map<StackResource, HclObject>();
    for (const resource of resources)
      if (!matched.has(`${resource.stack} ${resource.address}`))
        configs.set(resource, await safeConfig(evaluation, resource));
    for (const [resource, config] of configs) {
      const identity = keyOf(IDENTITY, resource.type, config);
      if (!identity) continue;
      const options = candidates.filter((c) => !takenInstances(c.object) && c.identity === identity);
      // The state the stack takes over wins a tie (a resource kept where it was); a whole instance beats a part.
      const best =
        options.find((c) => c.unitState === takesOver.get(resource.stack) && !c.object.part) ??
        options.find((c) => !c.object.part) ??
        options[0];
      if (!best) continue;
      matched.set(`${resource.stack} ${resource.address}`, { ...best, identity });
      taken.add(best.object);
      found++;
    }
    // By purpose: one of a kind on both sides.
    for (const [resource, config] of configs) {
      if (matched.has(`${resource.stack} ${resource.address}`)) continue;
      const purpose = keyOf(PURPOSE, resource.type, config);
      if (!purpose) continue;
      const mine = [...configs].filter(([r, c]) => r.type === resource.type && keyOf(PURPOSE, r.type, c) === purpose);
      const theirs = candidates.filter((c) => !takenInstances(c.object) && c.purpose === purpose);
      if (mine.length !== 1 || theirs.length !== 1) continue;
      matched.set(`${resource.stack} ${resource.address}`, { ...theirs[0]!, identity: `${purpose} (by purpose)` });
      taken.add(theirs[0]!.object);
      found++;
    }
    // The log group a matched state machine logs to.
    for (const resource of resources.filter((r) => r.type === 'aws_sfn_state_machine')) {
      const machine = matched.get(`${resource.stack} ${resource.address}`);
      const destination = firstBlock(machine?.object.attributes.logging_configuration)?.log_destination;
      const group = logGroupReferenceOf(resource);
      if (!machine || typeof destination !== 'string' || !group || matched.has(`${resource.stack} ${group}`)) continue;
      const old = candidates.find(
        (c) =>
          !takenInstances(c.object) &&
          c.object.type === 'aws_cloudwatch_log_group' &&
          c.object.attributes.arn === destination.replace(/:\*$/, ''),
      );
      const target = resources.find((r) => r.stack === resource.stack && r.address === group);
      if (!old || !target) continue;
      matched.set(`${resource.stack} ${group}`, {
        ...old,
        identity: `the log group ${resource.address} logs to (by purpose)`,
      });
      taken.add(old.object);
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
    const how =
      !sameState || match.object.part || match.object.type !== resource.type
        ? 'imported'
        : match.object.instance.address === resource.address
          ? 'same-address'
          : 'moved';
    matches.push({ resource, object: match.object, unitState: match.unitState, how, identity: match.identity });
  }
  const successor = (unitState: UnitState): string | undefined => [...takesOver].find(([, u]) => u === unitState)?.[0];
  const wholeMatched = new Set(matches.filter((m) => !m.object.part).map((m) => m.object.instance));
  const unmatched = unitStates.flatMap((unitState) =>
    unitState.state.instances
      .filter((instance) => !wholeMatched.has(instance))
      .map((instance) => ({
        instance,
        unitState,
        ...(successor(unitState) ? { forgottenBy: successor(unitState)! } : {}),
      })),
  );
  const handedOver = matches
    .filter((m) => m.how === 'imported' && !m.object.part && successor(m.unitState))
    .map((m) => ({
      instance: m.object.instance,
      unitState: m.unitState,
      forgottenBy: successor(m.unitState)!,
      adoptedBy: m.resource.stack,
    }));
  return { matches, created, unmatched, handedOver, takesOver };
}

/** The address of the log group a new state machine's logging configuration names. */
function logGroupReferenceOf(resource: StackResource): string | undefined {
  const logging = resource.config.logging_configuration as { log_destination?: unknown } | undefined;
  const destination = Array.isArray(logging)
    ? (logging[0] as { log_destination?: unknown })?.log_destination
    : logging?.log_destination;
  const match =
    typeof destination === 'string' ? /\$\{(aws_cloudwatch_log_group\.[A-Za-z0-9_-]+)\.arn\}/.exec(destination) : null;
  return match?.[1];
}

/** A resource's arguments, evaluated as far as the matches so far allow. */
async function safeConfig(evaluation: StackEvaluation, resource: StackResource): Promise<HclObject> {
  try {
    return await evaluation.configOf(resource.stack, resource);
  } catch {
    return {};
  }
}

/** The adoption blocks of one stack (config `adoption.<module>`, without `keep`). */
export interface AdoptionBlocks {
  /** moved blocks. */
  readonly moved: { from: string; to: string }[];
  /** import blocks. */
  readonly import: { to: string; id: string }[];
  /** removed blocks (destroy = false). */
  readonly removed: { from: string; reason: string }[];
}

/** The adoption blocks of each module, from the plan; matches without an import id are left to the caller. */
export function adoptionSettings(
  plan: AdoptionPlan,
  moduleOf: (stack: string) => string,
): Record<string, AdoptionBlocks> {
  const out: Record<string, AdoptionBlocks> = {};
  const of = (stack: string): AdoptionBlocks => (out[moduleOf(stack)] ??= { moved: [], import: [], removed: [] });
  for (const match of plan.matches) {
    if (match.how === 'moved')
      of(match.resource.stack).moved.push({ from: match.object.instance.address, to: match.resource.address });
    const id = importIdOf(match.object);
    if (match.how === 'imported' && id !== undefined)
      of(match.resource.stack).import.push({ to: match.resource.address, id });
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
        reason: 'no stack has such a resource: it stays in AWS as it is, no longer managed by Terraform',
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
