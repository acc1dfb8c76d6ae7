import { describe } from './hcl-values';
import type { MigrationNotes } from './migration-notes';
import type { TerragruntUnit } from './terragrunt-config';

/** terraform-aws-sqs' defaults, which apply when a unit leaves an input out. */
const MODULE_DEFAULTS = {
  visibility_timeout_seconds: 30,
  message_retention_seconds: 345600,
  receive_wait_time_seconds: 0,
  max_receive_count: 5,
  dlq_message_retention_seconds: 1209600,
};

/** terraform-aws-sqs' inputs to the core queue settings; the module names its dead-letter queue `<name>-dlq`. */
export function translateSqs(unit: TerragruntUnit, notes: MigrationNotes): Record<string, unknown> {
  const where = `${unit.relativePath}/terragrunt.hcl`;
  const input = (key: keyof typeof MODULE_DEFAULTS): number => {
    const value = unit.inputs[key];
    if (typeof value === 'number') return value;
    if (value !== undefined)
      notes.warn(
        where,
        `${key} is not a literal number (${describe(value)}); the module default ${MODULE_DEFAULTS[key]} is used: check the migrated sqs.core_queue`,
      );
    return MODULE_DEFAULTS[key];
  };
  const name = unit.inputs.name;
  if (typeof name !== 'string') {
    notes.warn(where, 'the queue name is not a literal input: set sqs.core_queue in config by hand');
    return {};
  }
  for (const key of Object.keys(unit.inputs).filter(
    (k) => !['name', 'name_prefix', 'aws_region', 'dlq_name', ...Object.keys(MODULE_DEFAULTS)].includes(k),
  )) {
    notes.warn(where, `the input ${key} has no equivalent in the core queue settings`);
  }
  return {
    core_queue: {
      name,
      visibility_timeout_seconds: input('visibility_timeout_seconds'),
      message_retention_seconds: input('message_retention_seconds'),
      receive_wait_time_seconds: input('receive_wait_time_seconds'),
      dead_letter_queue: {
        name: typeof unit.inputs.dlq_name === 'string' ? unit.inputs.dlq_name : `${name}-dlq`,
        max_receive_count: input('max_receive_count'),
        message_retention_seconds: input('dlq_message_retention_seconds'),
      },
    },
    // terraform-aws-sqs has no S3 -> SQS -> Pipes -> Batch pipeline: none is created.
    pipelines: {},
  };
}
