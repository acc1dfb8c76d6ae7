import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTerraform } from '../terraform-cli/terraform-process';
import { withPluginCacheLock } from '../terraform-cli/plugin-cache-lock';

/** An attribute of a resource schema (`terraform providers schema -json`). */
export interface SchemaAttribute {
  /** Terraform type, such as "string" or ["list","string"]. */
  readonly type?: unknown;
  /** Set by the configuration when given. */
  readonly optional?: boolean;
  /** Set by the provider when not given. */
  readonly computed?: boolean;
  /** Must be given. */
  readonly required?: boolean;
}

/** A block of a resource schema. */
export interface SchemaBlock {
  /** Its attributes. */
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  /** Its nested blocks. */
  readonly block_types?: Readonly<Record<string, { readonly nesting_mode: string; readonly block: SchemaBlock }>>;
}

/** The resource schemas of the AWS provider, by resource type. */
export type ResourceSchemas = ReadonlyMap<string, SchemaBlock>;

/**
 * The AWS provider's resource schemas for `types`, from `terraform providers schema -json` run
 * on a configuration requiring `requiredProviders` (a synthesized stack's). Cached by provider
 * version under `cacheDir`, since the full schema of hashicorp/aws is large and slow to produce.
 */
export async function loadResourceSchemas(
  requiredProviders: Readonly<Record<string, unknown>>,
  types: readonly string[],
  env: NodeJS.ProcessEnv,
  cacheDir: string,
): Promise<ResourceSchemas> {
  const aws = requiredProviders.aws as { version?: string } | undefined;
  const cacheFile = path.join(cacheDir, `aws-resource-schemas-${aws?.version ?? 'any'}.json`);
  let cached: Record<string, SchemaBlock> = fs.existsSync(cacheFile)
    ? (JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, SchemaBlock>)
    : {};
  if (types.some((t) => !(t in cached))) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'provider-schema-'));
    try {
      fs.writeFileSync(
        path.join(work, 'main.tf.json'),
        JSON.stringify({ terraform: { required_providers: requiredProviders } }),
      );
      const init = await withPluginCacheLock(env, () =>
        runTerraform(['init', '-input=false', '-no-color', '-backend=false'], { cwd: work, env }),
      );
      if (init.exitCode !== 0)
        throw new Error(`terraform init (for the provider schema) failed:\n${init.stderr.slice(-2000)}`);
      const schema = await runTerraform(['providers', 'schema', '-json'], { cwd: work, env });
      if (schema.exitCode !== 0) throw new Error(`terraform providers schema failed:\n${schema.stderr.slice(-2000)}`);
      const providers = (
        JSON.parse(schema.stdout) as {
          provider_schemas: Record<string, { resource_schemas?: Record<string, { block: SchemaBlock }> }>;
        }
      ).provider_schemas;
      const resources = Object.entries(providers).find(([name]) => name.endsWith('/aws'))?.[1].resource_schemas ?? {};
      cached = {
        ...cached,
        ...Object.fromEntries(
          Object.entries(resources)
            .filter(([type]) => type.startsWith('aws_'))
            .map(([type, s]) => [type, s.block]),
        ),
      };
      fs.mkdirSync(cacheDir, { recursive: true });
      const temporary = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(temporary, JSON.stringify(cached));
      fs.renameSync(temporary, cacheFile);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  return new Map(types.filter((t) => t in cached).map((t) => [t, cached[t]!]));
}
