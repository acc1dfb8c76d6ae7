import type { ResourceMatch } from './resource-matching';

/**
 * Arguments AWS does not return, which exist in Terraform alone: an import reads them as the
 * provider's default (hashicorp/aws 5.100.0), whatever the old state recorded.
 */
const TERRAFORM_ONLY: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  aws_iam_role: { force_detach_policies: false },
  aws_security_group: { revoke_rules_on_delete: false },
  aws_cloudwatch_log_group: { skip_destroy: false },
  aws_batch_job_definition: { deregister_on_new_revision: true },
  aws_launch_template: { update_default_version: null },
};

/**
 * The attributes of an adopted object as the first plan sees them. A moved object keeps its
 * state. An imported one is read from AWS: Terraform-only arguments come back as their defaults,
 * and its own `tags` leave out those the provider's default tags give with the same value (the
 * provider reads them so; a moved object keeps the tags its old configuration wrote).
 */
export function attributesAtFirstPlan(
  match: Pick<ResourceMatch, 'how' | 'object'>,
  defaultTags: Readonly<Record<string, string>>,
): Readonly<Record<string, unknown>> {
  const attributes = match.object.attributes;
  if (match.how !== 'imported') return attributes;
  const out: Record<string, unknown> = { ...attributes, ...(TERRAFORM_ONLY[match.object.type] ?? {}) };
  const tags = attributes.tags as Record<string, string> | null | undefined;
  if (tags && typeof tags === 'object') {
    const own = Object.fromEntries(Object.entries(tags).filter(([k, v]) => defaultTags[k] !== v));
    out.tags = Object.keys(own).length > 0 ? own : null;
  }
  return out;
}

/**
 * The tags the provider puts on an adopted object that it does not have: the default tags (config
 * `tags`) and the stack's own. Not something the migration can keep: the provider tags every
 * resource with its default tags. A part adopted as a resource of its own (a rule of an
 * aws_security_group_rule, which takes no tags) has none yet.
 */
export function tagsAllChange(
  match: Pick<ResourceMatch, 'object'>,
  configTags: unknown,
  defaultTags: Readonly<Record<string, string>>,
): { before: Record<string, string>; after: Record<string, string> } | undefined {
  const expected: Record<string, string> = {
    ...defaultTags,
    ...((configTags && typeof configTags === 'object' ? configTags : {}) as Record<string, string>),
  };
  const existing = (match.object.part ? {} : (match.object.attributes.tags_all ?? {})) as Record<string, string>;
  const same =
    Object.keys(expected).length === Object.keys(existing).length &&
    Object.entries(expected).every(([k, v]) => existing[k] === v);
  return same ? undefined : { before: existing, after: expected };
}
