import * as z from 'zod';
import { ConfigError, renderFound } from '../configuration/config-error';
import { formatJsonPath } from '../configuration/json-path';
import { JsonSource } from '../configuration/json-source';
import { problemsFromZod } from '../configuration/zod-problems';

/**
 * The actions Terraform plans for one object (`terraform show -json`, format 1.x). A new action in
 * a later Terraform fails the review loudly rather than being summarized as something else.
 */
export const PLAN_ACTIONS = ['no-op', 'create', 'read', 'update', 'delete', 'forget'] as const;

/** One action of a change. */
export type PlanAction = (typeof PLAN_ACTIONS)[number];

const changeSchema = z.looseObject({
  actions: z.array(z.enum(PLAN_ACTIONS)).min(1),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
  importing: z.looseObject({ id: z.string().optional() }).optional(),
});

const resourceChangeSchema = z.looseObject({
  address: z.string().min(1),
  previous_address: z.string().optional(),
  mode: z.enum(['managed', 'data']),
  type: z.string().min(1),
  name: z.string(),
  deposed: z.string().optional(),
  change: changeSchema,
  action_reason: z.string().optional(),
});

/** The part of `terraform show -json <planfile>` the review reads; every other key is kept as it is. */
export const terraformPlanSchema = z.looseObject({
  format_version: z.string().regex(/^1\./, 'a plan in JSON format 1.x (terraform show -json of Terraform 1.x)'),
  terraform_version: z.string().optional(),
  resource_changes: z.array(resourceChangeSchema).optional(),
  resource_drift: z.array(resourceChangeSchema).optional(),
  output_changes: z.record(z.string(), changeSchema).optional(),
  errored: z.boolean().optional(),
});

/** A saved plan, as `terraform show -json` writes it. */
export type TerraformPlan = z.infer<typeof terraformPlanSchema>;

/** A planned change of one resource instance (or one drifted object). */
export type ResourceChange = z.infer<typeof resourceChangeSchema>;

/** A change of one value: before, after, and which parts are unknown or sensitive. */
export type ValueChange = z.infer<typeof changeSchema>;

const PLAN_FORMAT = 'the output of terraform show -json <planfile>: an object with format_version 1.x';

/**
 * Parses the text of a saved plan. Bad input is a ConfigError naming the file, the line, the JSON
 * path, what was found and what is allowed; the located parse runs only then, as plans can be large.
 */
export function parseTerraformPlan(text: string, display: string): TerraformPlan {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    JsonSource.parse(text, display);
    throw new ConfigError([{ file: display, jsonPath: '$', found: 'malformed JSON', allowed: PLAN_FORMAT }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('format_version' in value)) {
    throw new ConfigError([
      { file: display, jsonPath: '$', line: 1, column: 1, found: renderFound(value), allowed: PLAN_FORMAT },
    ]);
  }
  const result = terraformPlanSchema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const source = safeSource(text, display);
  throw new ConfigError(
    problemsFromZod(result.error.issues, terraformPlanSchema, (path, found, allowed) => ({
      file: display,
      jsonPath: formatJsonPath(path),
      ...(source?.locate(path) ?? {}),
      found,
      allowed,
    })),
  );
}

function safeSource(text: string, display: string): JsonSource | undefined {
  try {
    return JsonSource.parse(text, display);
  } catch {
    return undefined;
  }
}
