import { createRequire } from 'module';

/**
 * Which AWS resource types take tags, read from the provider bindings the project is built
 * with: a type takes the provider's default_tags when its class has `tagsAll`. Used by
 * `npm run policy`, which reads Terraform JSON without the constructs that wrote it. (During a
 * synth the PolicyPackAspect asks the resources themselves.)
 */
const cache = new Map<string, boolean>();

/** Loads a provider binding module by its computed name, synchronously (an `import()` would make callers async). */
const loadBinding = createRequire(__filename);

/** Whether resources of `type` (such as `aws_sqs_queue`) have `tags_all`; false for unknown and non-AWS types. */
export function awsTypeIsTaggable(type: string): boolean {
  let taggable = cache.get(type);
  if (taggable === undefined) {
    taggable = false;
    if (/^aws_[a-z0-9_]+$/.test(type)) {
      try {
        // One module per resource type, never the package barrel (seconds and hundreds of MB).
        const file = type.slice('aws_'.length).replace(/_/g, '-');
        const bindings = loadBinding(`@cdktf/provider-aws/lib/${file}`) as Record<string, unknown>;
        const resourceClass = Object.values(bindings).find(
          (v): v is { tfResourceType: string; prototype: object } =>
            typeof v === 'function' && (v as { tfResourceType?: string }).tfResourceType === type,
        );
        taggable = resourceClass !== undefined && 'tagsAll' in resourceClass.prototype;
      } catch {
        taggable = false;
      }
    }
    cache.set(type, taggable);
  }
  return taggable;
}
