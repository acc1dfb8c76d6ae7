import * as fs from 'fs';
import * as path from 'path';
import * as z from 'zod';
import { ConfigError } from '../configuration/config-error';
import { formatJsonPath } from '../configuration/json-path';
import { JsonSource } from '../configuration/json-source';
import { problemsFromZod } from '../configuration/zod-problems';

/**
 * Resource types whose destruction loses data or breaks running work: a queue's messages, a log
 * group's logs, a compute environment's running jobs, a state machine's executions and history.
 */
export const DEFAULT_PROTECTED_TYPES: readonly string[] = [
  'aws_sqs_queue',
  'aws_batch_job_queue',
  'aws_cloudwatch_log_group',
  'aws_batch_compute_environment',
  'aws_sfn_state_machine',
];

/** An explicit permission to destroy (or replace) one protected resource. */
export interface AllowedDestroy {
  /** Stack name, such as `dev-sqs`. */
  readonly stack: string;
  /** Resource address in that stack, such as `aws_sqs_queue.core_queue`. */
  readonly address: string;
  /** Why it is safe, for the reviewer. */
  readonly reason: string;
}

/** What the gate refuses and what it lets through. */
export interface PlanPolicy {
  /** Resource types that may not be destroyed or replaced without an allowance. */
  readonly protectedTypes: readonly string[];
  /** The allowances, one per stack and address. */
  readonly allowedDestroys: readonly AllowedDestroy[];
}

const policySchema = z.strictObject({
  protected_resource_types: z
    .array(z.string().regex(/^[a-z0-9]+_[a-z0-9_]+$/, 'a Terraform resource type such as aws_sqs_queue'))
    .optional(),
  allowed_destroys: z
    .array(
      z.strictObject({
        stack: z.string().min(1),
        address: z
          .string()
          .regex(
            /^(module\.[A-Za-z0-9_-]+(\[[^\]]+\])?\.)*[a-z0-9]+_[a-z0-9_]+\.[A-Za-z0-9_-]+(\[[^\]]+\])?$/,
            'a resource address such as aws_sqs_queue.core_queue',
          ),
        reason: z.string().trim().min(10, 'a reason of at least 10 characters, for the reviewer'),
      }),
    )
    .optional(),
});

/** The policy when the project has no policy file: the default protected types, no allowances. */
export const DEFAULT_POLICY: PlanPolicy = { protectedTypes: DEFAULT_PROTECTED_TYPES, allowedDestroys: [] };

/**
 * Reads a policy file (plan-policy.json): `protected_resource_types` replaces the default list
 * when given; `allowed_destroys` lists each allowed destroy with its stack, address and reason.
 */
export function readPlanPolicy(file: string, displayRoot: string = process.cwd()): PlanPolicy {
  const source = JsonSource.read(file, displayRoot);
  const result = policySchema.safeParse(source.value, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(
      problemsFromZod(result.error.issues, policySchema, (jsonPath, found, allowed) => ({
        file: source.display,
        jsonPath: formatJsonPath(jsonPath),
        ...(source.locate(jsonPath) ?? {}),
        found,
        allowed,
      })),
    );
  }
  const allowed = result.data.allowed_destroys ?? [];
  const seen = new Map<string, number>();
  const duplicates = allowed.flatMap((a, i) => {
    const key = `${a.stack} ${a.address}`;
    const first = seen.get(key);
    seen.set(key, first ?? i);
    return first === undefined
      ? []
      : [
          {
            file: source.display,
            jsonPath: formatJsonPath(['allowed_destroys', i]),
            ...(source.locate(['allowed_destroys', i]) ?? {}),
            found: `${a.stack} ${a.address} a second time`,
            allowed: `each stack and address once (first at ${formatJsonPath(['allowed_destroys', first])})`,
          },
        ];
  });
  if (duplicates.length > 0) throw new ConfigError(duplicates);
  return { protectedTypes: result.data.protected_resource_types ?? DEFAULT_PROTECTED_TYPES, allowedDestroys: allowed };
}

/** The policy file when it exists, else the default policy. */
export function readPlanPolicyIfPresent(file: string, displayRoot: string = process.cwd()): PlanPolicy {
  return fs.existsSync(file) ? readPlanPolicy(file, displayRoot) : DEFAULT_POLICY;
}

/** The project's policy file. */
export function projectPolicyFile(projectRoot: string): string {
  return path.join(projectRoot, 'plan-policy.json');
}
