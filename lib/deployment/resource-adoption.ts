import { type IAspect, Lazy, TerraformResource, type TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import { ConfigError, type ConfigProblem } from '../configuration/config-error';
import { formatJsonPath } from '../configuration/json-path';
import type { StackAdoptionConfig } from '../configuration/schemas/adoption-schema';

/** The stack adopting resources (a PlatformStack), named by its module in the adoption settings. */
type AdoptingStack = TerraformStack & { readonly module: string };

/**
 * Adopts existing resources into a stack at synth time, as its `adoption` settings say: a
 * `moved` block for each resource of the state the stack takes over, an `import` block for each
 * resource of another state, a `removed` block (destroy = false) for each resource its state
 * forgets, and the arguments kept as the existing objects have them. A setting that names a
 * resource the stack does not have is a configuration error.
 */
export class ResourceAdoption implements IAspect {
  private applied = false;

  public constructor(
    private readonly stack: AdoptingStack,
    private readonly adoption: StackAdoptionConfig,
    private readonly settingsFile: string,
  ) {}

  public visit(node: IConstruct): void {
    // Runs once, when the stack itself is visited: every construct exists by then.
    if (node !== this.stack || this.applied) return;
    this.applied = true;
    const resources = new Map<string, TerraformResource>();
    for (const construct of this.stack.node.findAll()) {
      if (TerraformResource.isTerraformResource(construct)) {
        const resource = construct as TerraformResource;
        resources.set(`${resource.terraformResourceType}.${resource.friendlyUniqueId}`, resource);
      }
    }
    const problems: ConfigProblem[] = [];
    const at = (kind: string, i: number, field: string): string =>
      formatJsonPath(['adoption', this.stack.module, kind, i, field]);
    const unknown = (address: string): string => `"${address}", which ${this.stack.node.id} does not have`;
    const allowed = `a resource of ${this.stack.node.id}: ${[...resources.keys()].sort().join(', ')}`;
    const targets = new Set<string>();
    const target = (kind: string, i: number, address: string): TerraformResource | undefined => {
      const resource = resources.get(address);
      if (!resource)
        problems.push({ file: this.settingsFile, jsonPath: at(kind, i, 'to'), found: unknown(address), allowed });
      else if (targets.has(address))
        problems.push({
          file: this.settingsFile,
          jsonPath: at(kind, i, 'to'),
          found: `"${address}" a second time`,
          allowed: 'one moved or import block per resource',
        });
      targets.add(address);
      return resource;
    };
    this.adoption.moved.forEach((block, i) => target('moved', i, block.to)?.moveFromId(block.from));
    this.adoption.import.forEach((block, i) => target('import', i, block.to)?.importFrom(block.id));
    for (const [address, attributes] of Object.entries(this.adoption.keep)) {
      const resource = resources.get(address);
      if (!resource) {
        problems.push({
          file: this.settingsFile,
          jsonPath: formatJsonPath(['adoption', this.stack.module, 'keep', address]),
          found: unknown(address),
          allowed,
        });
        continue;
      }
      // A token replaces the whole value: an override merges objects and appends to lists.
      for (const [attribute, value] of Object.entries(attributes))
        resource.addOverride(attribute, Lazy.anyValue({ produce: () => literal(value) }));
    }
    this.adoption.removed.forEach((block, i) => {
      if (resources.has(block.from))
        problems.push({
          file: this.settingsFile,
          jsonPath: at('removed', i, 'from'),
          found: `"${block.from}", a resource ${this.stack.node.id} still manages`,
          allowed: 'an address the stack no longer has',
        });
    });
    if (problems.length > 0) throw new ConfigError(problems);
    if (this.adoption.removed.length > 0) {
      this.stack.addOverride(
        'removed',
        this.adoption.removed.map((block) => ({ from: block.from, lifecycle: [{ destroy: false }] })),
      );
    }
  }
}

/** A kept value as Terraform JSON reads it: `${` and `%{` in its strings are text, not interpolation. */
function literal(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  if (Array.isArray(value)) return value.map(literal);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literal(v)]));
  return value;
}
