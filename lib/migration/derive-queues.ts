import { whereIs } from './derive-iam';
import type { MigrationNotes } from './migration-notes';
import { jobContainers, parseJson, type RecognisedResource } from './resource-roles';
import { TerraformNames } from './terraform-names';

/**
 * The sqs settings from the existing queues: a queue with a dead-letter queue (the one its redrive
 * policy targets) becomes the core queue or, when there are several, a pipeline queue each (no
 * source or trigger: something else feeds and consumes them). Every setting as the queue has it.
 */
export function deriveQueues(
  resources: readonly RecognisedResource[],
  prefix: string | undefined,
  notes: MigrationNotes,
): Record<string, unknown> | undefined {
  const queues = resources.filter((r) => r.role === 'queue');
  const deadLetters = resources.filter((r) => r.role === 'dead-letter-queue');
  if (queues.length === 0) return undefined;
  const redriveOf = (queue: RecognisedResource): { deadLetterTargetArn?: string; maxReceiveCount?: number } => {
    const own = parseJson(queue.instance.attributes.redrive_policy);
    if (own) return own as { deadLetterTargetArn?: string; maxReceiveCount?: number };
    const separate = resources.find(
      (r) =>
        r.instance.type === 'aws_sqs_queue_redrive_policy' &&
        r.instance.attributes.queue_url === queue.instance.attributes.url,
    );
    return (parseJson(separate?.instance.attributes.redrive_policy) ?? {}) as {
      deadLetterTargetArn?: string;
      maxReceiveCount?: number;
    };
  };
  // The core queue: the one the jobs are told about (a container variable holds its URL), else the first.
  const told = new Set(
    resources
      .filter((r) => r.role === 'job-definition')
      .flatMap((r) => jobContainers(r.instance.attributes))
      .flatMap((c) => ((c.environment as { value?: string }[] | undefined) ?? []).map((v) => v.value)),
  );
  const ordered = [...queues].sort(
    (a, b) =>
      Number(told.has(b.instance.attributes.url as string)) - Number(told.has(a.instance.attributes.url as string)) ||
      Number(redriveOf(b).deadLetterTargetArn !== undefined) - Number(redriveOf(a).deadLetterTargetArn !== undefined) ||
      String(a.instance.attributes.name).localeCompare(String(b.instance.attributes.name)),
  );
  const settingsOf = (queue: RecognisedResource): Record<string, unknown> => {
    const a = queue.instance.attributes;
    const redrive = redriveOf(queue);
    const deadLetter = deadLetters.find((d) => d.instance.attributes.arn === redrive.deadLetterTargetArn);
    if (!deadLetter)
      notes.warn(
        whereIs(queue),
        `the queue ${String(a.name)} has no dead-letter queue: the sqs stack gives every queue one, so the first ` +
          `apply creates ${String(a.name)}-dlq (its redrive policy is kept as it is until you adopt it)`,
      );
    return {
      name: a.name,
      visibility_timeout_seconds: a.visibility_timeout_seconds,
      message_retention_seconds: a.message_retention_seconds,
      receive_wait_time_seconds: a.receive_wait_time_seconds,
      delay_seconds: a.delay_seconds,
      max_message_size: a.max_message_size,
      ...(typeof a.kms_master_key_id === 'string' && a.kms_master_key_id !== ''
        ? { kms_master_key_id: a.kms_master_key_id }
        : {}),
      dead_letter_queue: {
        name: deadLetter?.instance.attributes.name ?? `${String(a.name)}-dlq`,
        max_receive_count: redrive.maxReceiveCount ?? 5,
        message_retention_seconds: deadLetter?.instance.attributes.message_retention_seconds ?? 1_209_600,
      },
    };
  };
  const [core, ...others] = ordered;
  const names = new TerraformNames(prefix);
  const pipelines: Record<string, unknown> = {};
  for (const queue of others)
    pipelines[names.of(String(queue.instance.attributes.name), 'queue')] = { queue: settingsOf(queue) };
  if (others.length > 0)
    notes.info(
      whereIs(core!),
      `the core queue is ${String(core!.instance.attributes.name)}; the other queues ` +
        `(${others.map((q) => String(q.instance.attributes.name)).join(', ')}) ` +
        'become pipelines without source or trigger',
    );
  for (const orphan of deadLetters.filter(
    (d) => ![core!, ...others].some((q) => redriveOf(q).deadLetterTargetArn === d.instance.attributes.arn),
  ))
    notes.warn(whereIs(orphan), 'a dead-letter queue of no queue here: it stays in AWS, no longer managed');
  return { core_queue: settingsOf(core!), pipelines };
}
