import type { MinimalPlatformFiles } from './minimal-environment';

const RETRY = { interval_seconds: 30, max_attempts: 2, backoff_rate: 2 };
const LOGGING = { level: 'ERROR', include_execution_data: false, retention_in_days: 30 };
const LAMBDA = 'arn:aws:lambda:{region}:{account_id}:function:{prefix}';

/**
 * An edit of the minimal environment (for `minimalEnvironment`) that adds one workflow of each
 * kind on its queue: the hybrid router (worker, after the validator), a batch group and array jobs
 * (worker), a job schedule (validator, then worker; a skipped reconciler that nothing else names).
 * And the video pipeline (S3 -> SQS -> Batch): new objects under videos/ of the media bucket go to
 * the uploads queue, whose pipe submits the validator with the object's bucket and key.
 */
export function withEveryWorkflow(files: MinimalPlatformFiles): void {
  const worker = files['batch-json/worker-job.json']!;
  files['batch-json/validator-job.json'] = { ...structuredClone(worker), name: '{prefix}-validator' };
  files['batch-json/reconciler-job.json'] = { ...structuredClone(worker), name: '{prefix}-reconciler' };
  const common = { job_queue: '{prefix}-queue', batch_retry: RETRY, logging: LOGGING, tracing_enabled: true };
  const defaults = files['config/defaults.json']!;
  defaults.step_functions = {
    state_machines: {
      hybrid_router: {
        ...common,
        pattern: 'hybrid_router',
        name: '{prefix}-hybrid-router',
        role_name: '{prefix}-router',
        chunk_size_path: '$.chunkSize',
        chunk_size_threshold: 290000,
        lambda_function_arn: `${LAMBDA}-chunk-processor`,
        processing_job_definition: '{prefix}-worker',
        validation_job_definition: '{prefix}-validator',
        lambda_retry: RETRY,
      },
      batch_group: {
        ...common,
        pattern: 'batch_group',
        name: '{prefix}-batch-group',
        role_name: '{prefix}-group',
        pre_batch_lambda_arn: `${LAMBDA}-pre-batch`,
        post_batch_lambda_arn: `${LAMBDA}-post-batch`,
        publish_lambda_arn: `${LAMBDA}-publish-results`,
        job_definition: '{prefix}-worker',
        input_parameters: { chunk_uri: '$.url' },
        lambda_retry: RETRY,
        group_retries: [{ errors: ['States.ALL'], ...RETRY }],
      },
      nightly_schedule: {
        ...common,
        pattern: 'job_schedule',
        name: '{prefix}-nightly-schedule',
        role_name: '{prefix}-schedule',
        jobs: {
          validate_incoming: { job_definition: '{prefix}-validator' },
          process: { job_definition: '{prefix}-worker', depends_on: ['validate_incoming'] },
          reconcile: { job_definition: '{prefix}-reconciler', depends_on: ['process'], skip: true },
        },
      },
      array_fanout: {
        ...common,
        pattern: 'array_job',
        name: '{prefix}-array-fanout',
        role_name: '{prefix}-array',
        job_definition: '{prefix}-worker',
        array_size_path: '$.arraySize',
      },
    },
  };
  Object.assign(defaults.sqs as object, {
    pipelines: {
      uploads: {
        queue: {
          name: '{prefix}-uploads',
          visibility_timeout_seconds: 900,
          message_retention_seconds: 345_600,
          receive_wait_time_seconds: 20,
          dead_letter_queue: {
            name: '{prefix}-uploads-dlq',
            max_receive_count: 3,
            message_retention_seconds: 1_209_600,
          },
        },
        source: { bucket: '{prefix}-media', prefix: 'videos/' },
        trigger: {
          name: '{prefix}-uploads-to-batch',
          role_name: '{prefix}-uploads-pipe',
          job_queue: '{prefix}-queue',
          job_definition: '{prefix}-validator',
          job_name: 'validate-upload',
          environment: {
            S3_EVENT_BUCKET: '$.body.Records[0].s3.bucket.name',
            S3_EVENT_KEY: '$.body.Records[0].s3.object.key',
          },
          logging: LOGGING,
        },
      },
    },
  });
}
