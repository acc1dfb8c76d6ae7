import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { migrateTerragrunt, type MigrationOptions } from '../../lib/migration/migrate-terragrunt';
import { synthesizeForMigration } from '../../scripts/migration-synthesis';
import { PROJECT_ROOT } from './config-fixture';

/** The existing fixture: a Terragrunt tree in the hybrid platform's style, its modules, its units' states. */
export const TERRAGRUNT_FIXTURE = path.join(PROJECT_ROOT, '__tests__', 'fixtures', 'terragrunt');
/** Its live tree. */
export const FIXTURE_LIVE = path.join(TERRAGRUNT_FIXTURE, 'live');
/** `terraform state pull` of each of its units (see the folder's README). */
export const FIXTURE_STATES = path.join(TERRAGRUNT_FIXTURE, 'states');

/** The project's config/defaults.json. */
export const PROJECT_DEFAULTS = JSON.parse(
  fs.readFileSync(path.join(PROJECT_ROOT, 'config', 'defaults.json'), 'utf8'),
) as Record<string, unknown>;

/**
 * A folder holding the provider's resource schemas of the stacks' resource types, as
 * `terraform providers schema -json` gives them (hashicorp/aws 5.100.0): the migration compares
 * arguments with them and never runs Terraform for them in unit tests.
 */
export function providerSchemaCache(): string {
  if (schemaCache && fs.existsSync(schemaCache)) return schemaCache;
  schemaCache = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-schemas-'));
  fs.copyFileSync(
    path.join(TERRAGRUNT_FIXTURE, 'aws-resource-schemas-5.100.0.json'),
    path.join(schemaCache, 'aws-resource-schemas-5.100.0.json'),
  );
  process.once('exit', () => fs.rmSync(schemaCache!, { recursive: true, force: true }));
  return schemaCache;
}

let schemaCache: string | undefined;

/** Migrates a tree as `npm run migrate` does, without Terraform (the schemas come from the cache). */
export function migrateForTest(
  options: Pick<MigrationOptions, 'terragruntRoot' | 'outDir'> & Partial<MigrationOptions>,
): ReturnType<typeof migrateTerragrunt> {
  return migrateTerragrunt({
    projectDefaults: PROJECT_DEFAULTS,
    synthesize: synthesizeForMigration,
    terraformEnv: process.env,
    schemaCacheDir: providerSchemaCache(),
    ...options,
  });
}
