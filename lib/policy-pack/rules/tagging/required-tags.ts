import type { PolicyFinding, ResourceRule, RuleContext } from '../../policy-rule';
import type { JsonObject, SynthesizedResource } from '../../synthesized-stack';
import { blockOf, isObject } from '../../terraform-values';

/**
 * Every taggable resource carries the required tags. A resource is taggable when its type has
 * `tags_all`: the AWS provider then merges its default_tags into the resource's own tags, so
 * the tags counted are those of the provider the resource uses plus the resource's `tags`.
 * Tags set elsewhere (a launch template's tag_specifications, a compute environment's
 * compute_resources.tags) tag other things and do not count.
 */
export const requiredTags: ResourceRule = {
  id: 'TAG-1',
  name: 'required-tags',
  reason: 'untagged resources cannot be attributed to a cost center, an environment or an owner',
  sources: [
    'AWS Config managed rule required-tags',
    'https://docs.aws.amazon.com/config/latest/developerguide/required-tags.html',
  ],
  scope: 'resource',
  appliesTo: (resource, context) =>
    resource.mode === 'managed' && context.requiredTags.length > 0 && context.isTaggable(resource.type),
  check(resource, context) {
    const own = resource.values.tags;
    if (own !== undefined && !isObject(own))
      return [
        {
          attribute: 'tags',
          found: 'a Terraform expression, unknown until apply',
          allowed: 'a map of tags written at synth',
        },
      ];
    const defaults = defaultTagsOf(resource, context);
    if (defaults === 'unknown')
      return [
        {
          attribute: 'provider.default_tags',
          found: 'a Terraform expression, unknown until apply',
          allowed: 'a map of tags written at synth',
        },
      ];
    const tags: JsonObject = { ...defaults, ...(own ?? {}) };
    // A value Terraform computes (`${...}`) counts as set.
    const missing = context.requiredTags.filter(
      (key) => typeof tags[key] !== 'string' || (tags[key] as string).trim() === '',
    );
    if (missing.length === 0) return [];
    return [
      {
        attribute: 'tags',
        found: `no ${missing.join(', ')} (counting the provider's default_tags)`,
        allowed: `the tags ${context.requiredTags.join(', ')}, each with a value`,
      } satisfies PolicyFinding,
    ];
  },
};

/** The default_tags of the AWS provider the resource uses: the default one, or the alias it names. */
function defaultTagsOf(resource: SynthesizedResource, context: RuleContext): JsonObject | 'unknown' {
  const alias =
    typeof resource.values.provider === 'string' ? /^aws\.(.+)$/.exec(resource.values.provider)?.[1] : undefined;
  const provider = context.stack.awsProviders.find((p) =>
    alias === undefined ? p.alias === undefined : p.alias === alias,
  );
  const tags = blockOf(provider?.default_tags)?.tags;
  if (tags === undefined) return {};
  return isObject(tags) ? tags : 'unknown';
}
