import * as fs from 'fs';
import * as path from 'path';
import { dependencyPlaceholder, type OutputNames, stackOutputOf } from './dependency-outputs';
import { DependencyOutput, type HclValue, isHclObject } from './hcl-values';
import type { MigrationNotes } from './migration-notes';
import type { TerragruntUnit } from './terragrunt-config';

/** The batch-json files the configuration loader reads (and `<name>-job.json` job definitions). */
const BATCH_FILES = ['compute-environment.json', 'job-queue.json', 'launch-template.json', 'log-groups.json'];
const JOB_FILE = /^[a-z0-9-]+-job\.json$/;

/** The batch unit as configuration. */
export interface BatchTranslation {
  /** batch-json files of this environment by file name, in the loader's format. */
  readonly files: Readonly<Record<string, Record<string, unknown>>>;
  /** Files for config/ (the launch template's user data), by name. */
  readonly configFiles: Readonly<Record<string, string>>;
  /** This environment's overrides of the batch-json files (config `batch_json`). */
  readonly overrides: Readonly<Record<string, Record<string, unknown>>>;
  /** config: network.private_subnet_ids. */
  readonly subnetIds?: readonly string[];
  /** What the step functions need: the queue and job definition names. */
  readonly names: Pick<OutputNames, 'jobQueueName' | 'jobDefinitionNames' | 'computeEnvironmentName'>;
}

/** Which new output each role input must read, for the check below. */
const ROLE_INPUTS: Readonly<Record<string, string>> = {
  service_role_arn: 'batch_service_role_arn',
  instance_profile_arn: 'batch_instance_profile_arn',
  spot_fleet_role_arn: 'spot_fleet_role_arn',
};

/**
 * terraform-aws-batch (seed 000): the unit's batch-json folder becomes batch-json/, with what the
 * module injects from inputs made explicit in the files: `jobRoleArn` (job_role_arn) and the
 * environment variables of `job_environment`, appended in key order as the module does.
 * Dependency outputs become `{dependency.*}` placeholders; max_vcpus an environment override.
 */
export function translateBatch(unit: TerragruntUnit, names: OutputNames, notes: MigrationNotes): BatchTranslation {
  const where = `${unit.relativePath}/terragrunt.hcl`;
  const files: Record<string, Record<string, unknown>> = {};
  const configFiles: Record<string, string> = {};
  const overrides: Record<string, Record<string, unknown>> = {};
  const value = (input: HclValue, what: string): unknown => {
    if (input instanceof DependencyOutput) {
      const output = stackOutputOf(unit, input, names);
      if (output) return dependencyPlaceholder(output);
      notes.warn(
        where,
        `${what} reads ${input.toString()}, which has no counterpart among the new stacks' outputs; set it by hand`,
      );
      return undefined;
    }
    if (typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean') return String(input);
    notes.warn(where, `${what} is not a literal or a dependency output; set it by hand`);
    return undefined;
  };

  const dir = unit.inputs.batch_json_dir;
  if (typeof dir !== 'string' || !fs.existsSync(dir)) {
    notes.warn(where, `batch_json_dir (${JSON.stringify(dir)}) is not a folder: copy the batch-json files by hand`);
    return { files, configFiles, overrides, names: { jobDefinitionNames: {} } };
  }
  for (const file of fs.readdirSync(dir).sort()) {
    if (!BATCH_FILES.includes(file) && !JOB_FILE.test(file)) {
      notes.warn(
        `${path.relative(path.dirname(unit.dir), dir)}/${file}`,
        'not a batch-json file the stacks read (compute-environment, job-queue, launch-template, log-groups, <name>-job); left out',
      );
      continue;
    }
    try {
      files[file] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    } catch (error) {
      notes.warn(`${unit.relativePath}/batch-json/${file}`, `not valid JSON (${(error as Error).message}); left out`);
    }
  }

  const userData = unit.inputs.user_data_file;
  if (typeof userData === 'string' && files['launch-template.json']) {
    if (fs.existsSync(userData)) {
      configFiles[path.basename(userData)] = fs.readFileSync(userData, 'utf8');
      files['launch-template.json'].user_data_file = path.basename(userData);
    } else notes.warn(where, `user_data_file ${userData} does not exist; the launch template gets no user data`);
  }

  const jobRole = unit.inputs.job_role_arn;
  const jobEnvironment = isHclObject(unit.inputs.job_environment) ? unit.inputs.job_environment : {};
  for (const key of Object.keys(jobEnvironment).filter((k) => !files[`${k}.json`]))
    notes.warn(where, `job_environment.${key} names no job definition file ${key}.json`);
  for (const [file, job] of Object.entries(files).filter(([f]) => JOB_FILE.test(f))) {
    const container = isHclObject(job.container_properties as HclValue)
      ? (job.container_properties as Record<string, unknown>)
      : undefined;
    if (!container) continue;
    if (jobRole !== undefined) {
      const role = value(jobRole, 'job_role_arn');
      if (role !== undefined) container.jobRoleArn = role;
    }
    const extra = jobEnvironment[file.slice(0, -'.json'.length)];
    if (isHclObject(extra)) {
      const environment = Array.isArray(container.environment) ? (container.environment as unknown[]) : [];
      // Terraform iterates a map in key order: the module appended them so.
      for (const name of Object.keys(extra).sort()) {
        const resolved = value(extra[name]!, `job_environment["${file.slice(0, -5)}"].${name}`);
        if (resolved !== undefined) environment.push({ name, value: resolved });
      }
      container.environment = environment;
    }
  }

  // terraform-aws-batch names its compute environment exactly compute_environment_name; a prefixed (new) name would replace it.
  if (files['compute-environment.json']) files['compute-environment.json'].fixed_name = true;
  if (typeof unit.inputs.max_vcpus === 'number')
    overrides['compute-environment.json'] = { compute_resources: { max_vcpus: unit.inputs.max_vcpus } };
  const subnets = unit.inputs.subnet_ids;
  const subnetIds =
    Array.isArray(subnets) && subnets.every((s) => typeof s === 'string') ? (subnets as string[]) : undefined;
  if (!subnetIds) notes.warn(where, 'subnet_ids is not a literal list: set network.private_subnet_ids by hand');
  const groups = unit.inputs.security_group_ids;
  const groupOk =
    Array.isArray(groups) &&
    groups.length === 1 &&
    groups[0] instanceof DependencyOutput &&
    stackOutputOf(unit, groups[0], names)?.output === 'batch_security_group_id';
  if (!groupOk)
    notes.warn(
      where,
      "security_group_ids is not [the security group unit's security_group_id]: the compute environment uses the security-group stack's group, and a different group replaces it",
    );
  for (const [input, expected] of Object.entries(ROLE_INPUTS)) {
    const role = unit.inputs[input];
    const output = role instanceof DependencyOutput ? stackOutputOf(unit, role, names) : undefined;
    if (output?.output !== expected)
      notes.warn(
        where,
        `${input} is ${role instanceof DependencyOutput ? role.toString() : JSON.stringify(role)}, not the iam unit's ${expected}: the compute environment uses the iam stack's, and a different role replaces it`,
      );
  }
  const known = [
    'name_prefix',
    'aws_region',
    'batch_json_dir',
    'user_data_file',
    'job_role_arn',
    'job_environment',
    'max_vcpus',
    'subnet_ids',
    'security_group_ids',
    ...Object.keys(ROLE_INPUTS),
  ];
  for (const input of Object.keys(unit.inputs).filter((i) => !known.includes(i)))
    notes.warn(where, `the input ${input} has no equivalent in the batch stack's configuration`);

  const ce = files['compute-environment.json'];
  const queue = files['job-queue.json'];
  return {
    files,
    configFiles,
    overrides,
    ...(subnetIds ? { subnetIds } : {}),
    names: {
      ...(typeof ce?.compute_environment_name === 'string'
        ? { computeEnvironmentName: ce.compute_environment_name }
        : {}),
      ...(typeof queue?.name === 'string' ? { jobQueueName: queue.name } : {}),
      jobDefinitionNames: Object.fromEntries(
        Object.entries(files)
          .filter(([f, j]) => JOB_FILE.test(f) && typeof j.name === 'string')
          .map(([f, j]) => [f.slice(0, -5), j.name as string]),
      ),
    },
  };
}
