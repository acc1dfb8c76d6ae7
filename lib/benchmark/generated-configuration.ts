import * as fs from 'fs';
import * as path from 'path';

/** The size of a generated configuration. */
export interface GeneratedConfigurationProps {
  /** Folder holding the configuration to grow (config/ and batch-json/). */
  readonly source: string;
  /** Folder to write the generated configuration to. */
  readonly target: string;
  /** Environments: copies of the source's first environment, named env-001, env-002... */
  readonly environments: number;
  /** Job definitions in total: the source's, plus copies of its last one. */
  readonly jobDefinitions: number;
}

/**
 * Writes a configuration of the requested size for the scaling benchmark: every environment a copy
 * of the first (its own name, same account and network), every extra job definition a copy of the
 * last (its own name and Terraform name, logging to the same group).
 */
export function writeGeneratedConfiguration(props: GeneratedConfigurationProps): void {
  fs.rmSync(props.target, { recursive: true, force: true });
  for (const folder of ['config', 'batch-json'])
    fs.cpSync(path.join(props.source, folder), path.join(props.target, folder), { recursive: true });
  const environmentsDir = path.join(props.target, 'config', 'environments');
  const [template] = fs
    .readdirSync(environmentsDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const environment = JSON.parse(fs.readFileSync(path.join(environmentsDir, template!), 'utf8')) as Record<
    string,
    unknown
  >;
  for (const file of fs.readdirSync(environmentsDir)) fs.rmSync(path.join(environmentsDir, file));
  for (let i = 1; i <= props.environments; i++) {
    const name = `env-${String(i).padStart(3, '0')}`;
    fs.writeFileSync(
      path.join(environmentsDir, `${name}.json`),
      JSON.stringify({ ...environment, environment: name }, null, 2),
    );
  }
  const batchJson = path.join(props.target, 'batch-json');
  const jobFiles = fs
    .readdirSync(batchJson)
    .filter((f) => f.endsWith('-job.json'))
    .sort();
  const last = JSON.parse(fs.readFileSync(path.join(batchJson, jobFiles[jobFiles.length - 1]!), 'utf8')) as {
    name: string;
  };
  for (let i = jobFiles.length + 1; i <= props.jobDefinitions; i++) {
    const suffix = String(i).padStart(3, '0');
    fs.writeFileSync(
      path.join(batchJson, `generated-${suffix}-job.json`),
      JSON.stringify({ ...last, name: `${last.name}-generated-${suffix}` }, null, 2),
    );
  }
}
