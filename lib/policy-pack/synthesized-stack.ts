/**
 * A synthesized stack as the policy rules read it: the resolved Terraform JSON of each resource
 * (tokens already rendered as `${...}` references), where it came from, and the stack's backend
 * and providers. Built from `TerraformStack.toTerraform()` during synth and from `cdk.tf.json`
 * files by `npm run policy`, so both see exactly what Terraform will see.
 */

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** A finding accepted on one resource, with the reason. */
export interface PolicySuppression {
  /**
   * Terraform address of the resource (`aws_sqs_queue.core_queue`, `data.aws_iam_policy_document.x`),
   * or `terraform.backend`.
   */
  readonly resource: string;
  /** ID of the rule whose finding is accepted. */
  readonly rule: string;
  /** Why the finding is accepted. */
  readonly reason: string;
  /** Where the suppression was declared, such as `config: policy.suppressions[0]`. */
  readonly source: string;
}

/** What the pack was told about a stack at synth: written to the stack's `//.policy` block. */
export interface StackPolicySettings {
  /** Tags every taggable resource must carry. */
  readonly required_tags: readonly string[];
  /** Opt-in rules switched on. */
  readonly enabled_rules: readonly string[];
  /** Accepted findings. */
  readonly suppressions: readonly PolicySuppression[];
}

/** One resource or data source of a stack. */
export interface SynthesizedResource {
  /** `managed` for resources, `data` for data sources. */
  readonly mode: 'managed' | 'data';
  /** Terraform type, such as `aws_sqs_queue`. */
  readonly type: string;
  /** Terraform name, such as `core_queue`. */
  readonly name: string;
  /** Terraform address: `aws_sqs_queue.core_queue` or `data.aws_iam_policy_document.x`. */
  readonly address: string;
  /** Construct path, such as `dev-sqs/core_queue/Resource`; the address when the JSON has no metadata. */
  readonly constructPath: string;
  /** Arguments and blocks as Terraform receives them, without the `//` metadata. */
  readonly values: JsonObject;
}

/** A synthesized stack. */
export interface SynthesizedStack {
  /** Stack name, such as `dev-batch`. */
  readonly name: string;
  /** Every resource and data source, in address order. */
  readonly resources: readonly SynthesizedResource[];
  /**
   * The backend block: its type (`s3`, `local`...) and settings; undefined when none is declared
   * (Terraform then uses local state).
   */
  readonly backend?: { readonly type: string; readonly settings: JsonObject };
  /** The `aws` provider blocks, each with its alias when it has one. */
  readonly awsProviders: readonly JsonObject[];
  /** The synth mode recorded by the platform (`//.platform.synth_mode`), when recorded. */
  readonly synthMode?: string;
  /** What the pack was told at synth (`//.policy`), when recorded. */
  readonly policy?: StackPolicySettings;
}

/** Reads a stack's Terraform JSON, as `toTerraform()` returns it or `cdk.tf.json` holds it. */
export function synthesizedStackFromJson(name: string, json: JsonObject): SynthesizedStack {
  const resources: SynthesizedResource[] = [];
  for (const [mode, key] of [
    ['managed', 'resource'],
    ['data', 'data'],
  ] as const) {
    const byType = asObject(json[key]);
    for (const type of Object.keys(byType).sort()) {
      const byName = asObject(byType[type]);
      for (const resourceName of Object.keys(byName).sort()) {
        const { '//': metadata, ...values } = asObject(byName[resourceName]);
        const address = mode === 'data' ? `data.${type}.${resourceName}` : `${type}.${resourceName}`;
        const path = asObject(asObject(metadata).metadata).path;
        resources.push({
          mode,
          type,
          name: resourceName,
          address,
          constructPath: typeof path === 'string' ? path : address,
          values,
        });
      }
    }
  }
  const backends = asObject(asObject(json.terraform).backend);
  const backendType = Object.keys(backends)[0];
  const comment = asObject(json['//']);
  const synthMode = asObject(comment.platform).synth_mode;
  const policy = isPolicySettings(comment.policy) ? comment.policy : undefined;
  const providers = asObject(json.provider).aws;
  return {
    name,
    resources,
    ...(backendType !== undefined ? { backend: { type: backendType, settings: asObject(backends[backendType]) } } : {}),
    awsProviders: (Array.isArray(providers) ? providers : providers === undefined ? [] : [providers]).map(asObject),
    ...(typeof synthMode === 'string' ? { synthMode } : {}),
    ...(policy !== undefined ? { policy } : {}),
  };
}

/** Whether a `//.policy` block has the shape the pack writes (a hand-edited one may not). */
function isPolicySettings(value: unknown): value is StackPolicySettings {
  const v = asObject(value);
  return (
    Array.isArray(v.required_tags) &&
    Array.isArray(v.enabled_rules) &&
    Array.isArray(v.suppressions) &&
    v.suppressions.every((s) => typeof asObject(s).resource === 'string' && typeof asObject(s).rule === 'string')
  );
}

function asObject(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {};
}
