import { type EvaluationContext, evaluateJsonValue, LazyObject } from './hcl-expression';
import { type HclObject, HclEvaluationError, type HclValue, Untranslatable } from './hcl-values';
import type { StateInstance } from './existing-state';

/** A synthesized stack (cdk.tf.json) of the environment being migrated. */
export interface SynthesizedStackJson {
  /** Stack name, `<environment>-<module>`. */
  readonly name: string;
  /** Its module. */
  readonly module: string;
  /** The state it keeps: bucket and key. */
  readonly state: { readonly bucket: string; readonly key: string };
  /** The Terraform JSON. */
  readonly json: {
    readonly resource?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
    readonly data?: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
    readonly locals?: Readonly<Record<string, unknown>>;
    readonly output?: Readonly<Record<string, { readonly value: unknown }>>;
  };
}

/** A resource of a synthesized stack: `<type>.<name>` and its configuration. */
export interface StackResource {
  /** The stack. */
  readonly stack: string;
  /** Resource type. */
  readonly type: string;
  /** Resource name. */
  readonly name: string;
  /** `<type>.<name>`. */
  readonly address: string;
  /** Its arguments and blocks as synthesized (meta-arguments and `//` left out). */
  readonly config: Readonly<Record<string, unknown>>;
}

const META = new Set(['//', 'lifecycle', 'depends_on', 'provider', 'count', 'for_each', 'provisioner', 'connection']);

/** Every resource of a stack. */
export function resourcesOf(stack: SynthesizedStackJson): StackResource[] {
  return Object.entries(stack.json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, config]) => ({
      stack: stack.name,
      type,
      name,
      address: `${type}.${name}`,
      config: Object.fromEntries(Object.entries(config).filter(([k]) => !META.has(k))),
    })),
  );
}

/**
 * Evaluates the expressions of the synthesized stacks of one environment as Terraform would
 * after adopting the existing resources: a resource's attribute is its configured value, or,
 * for what AWS computes (ids, ARNs, URLs, versions), the value recorded in the state of the
 * resource it adopts. Upstream outputs read through terraform_remote_state are the upstream
 * stack's outputs, evaluated the same way. What is known only after an apply stays Untranslatable.
 */
export class StackEvaluation {
  private readonly byName: ReadonlyMap<string, SynthesizedStackJson>;
  private readonly resourceCache = new Map<string, Promise<HclValue>>();
  private readonly outputCache = new Map<string, Promise<HclObject>>();

  public constructor(
    stacks: readonly SynthesizedStackJson[],
    private readonly adopted: (stack: string, address: string) => StateInstance | undefined,
  ) {
    this.byName = new Map(stacks.map((s) => [s.name, s]));
  }

  /** One resource as Terraform would see it: configuration over the adopted state's attributes. */
  public resource(stack: string, address: string): Promise<HclValue> {
    const key = `${stack} ${address}`;
    if (!this.resourceCache.has(key)) this.resourceCache.set(key, this.evaluateResource(stack, address));
    return this.resourceCache.get(key)!;
  }

  /** The configured value of one resource, every expression evaluated (unknowns stay Untranslatable). */
  public async configOf(stack: string, resource: StackResource): Promise<HclObject> {
    return (await evaluateJsonValue(
      resource.config,
      this.context(stack, `${stack}: ${resource.address}`),
    )) as HclObject;
  }

  /** A stack's outputs, evaluated. */
  public outputs(stack: string): Promise<HclObject> {
    if (!this.outputCache.has(stack)) {
      this.outputCache.set(
        stack,
        (async () => {
          const json = this.byName.get(stack)!.json;
          const out: HclObject = {};
          for (const [name, output] of Object.entries(json.output ?? {}))
            out[name] = await evaluateJsonValue(output.value, this.context(stack, `${stack}: output ${name}`));
          return out;
        })(),
      );
    }
    return this.outputCache.get(stack)!;
  }

  private async evaluateResource(stack: string, address: string): Promise<HclValue> {
    const [type, name] = address.split('.');
    const config = this.byName.get(stack)?.json.resource?.[type!]?.[name!];
    if (!config) throw new HclEvaluationError(`${stack}: no resource ${address}`);
    const state = this.adopted(stack, address);
    const configured = await this.configOf(stack, { stack, type: type!, name: name!, address, config });
    const attributes: HclObject = { ...((state?.attributes ?? {}) as HclObject) };
    Object.assign(attributes, configured);
    if (!state) {
      // Not adopted: what AWS computes is known only once it is created.
      return new Proxy(attributes, {
        get: (target, key) =>
          typeof key === 'string' && !(key in target)
            ? new Untranslatable(`${address}.${key} is known once it is created`)
            : target[key as string],
        has: () => true,
      }) as HclObject;
    }
    return attributes;
  }

  private context(stack: string, file: string): EvaluationContext {
    const json = this.byName.get(stack)!.json;
    const roots: Record<string, HclValue | LazyObject> = {};
    for (const type of Object.keys(json.resource ?? {})) {
      roots[type] = new LazyObject(
        async (name) => (json.resource![type]![name] ? this.resource(stack, `${type}.${name}`) : undefined),
        type,
      );
    }
    roots.local = new LazyObject(
      async (name) =>
        json.locals && name in json.locals
          ? evaluateJsonValue(json.locals[name], this.context(stack, `${stack}: local.${name}`))
          : undefined,
      'local',
    );
    roots.terraform = { applying: false, workspace: 'default' };
    roots.data = new LazyObject(async (type) => {
      if (type !== 'terraform_remote_state')
        return new Untranslatable(`data.${type} is read by Terraform during the plan`);
      const states: HclObject = {};
      for (const [name, config] of Object.entries(json.data?.terraform_remote_state ?? {})) {
        const key = (config.config as { key?: string } | undefined)?.key;
        const upstream = [...this.byName.values()].find((s) => s.state.key === key);
        states[name] = upstream
          ? [{ outputs: await this.outputs(upstream.name) }]
          : new Untranslatable(`no stack keeps its state at ${key}`);
      }
      return states;
    }, 'data');
    return { file, roots };
  }
}
