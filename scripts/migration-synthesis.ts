import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildEnvironmentStacks, loadConfiguration } from '../main';
import { LOCAL_AWS_DEFAULT_ACCOUNT, type SynthTarget } from '../lib/deployment/synth-target';
import type { SynthesisRequest, SynthesizeEnvironments } from '../lib/migration/migrate-terragrunt';
import type { SynthesizedStackJson } from '../lib/migration/stack-evaluation';
import { withoutTokenStackTraces } from '../lib/synthesis/token-stack-traces';

/**
 * Every stack of a configuration folder, synthesized into a temporary folder and read back, for
 * AWS or for the local AWS; messages name the configuration's files relative to the folder.
 */
export const synthesizeForMigration: SynthesizeEnvironments = async (configRoot: string, request: SynthesisRequest) => {
  const config = loadConfiguration({ root: configRoot, displayRoot: configRoot });
  const target: SynthTarget = request.localEndpoint
    ? { mode: 'local', localEndpoint: request.localEndpoint, localAccountId: LOCAL_AWS_DEFAULT_ACCOUNT }
    : { mode: 'real' };
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-synth-'));
  try {
    return withoutTokenStackTraces(() => {
      const app = new App({ outdir, stackTraces: false });
      const built = config.environments.flatMap((environment) =>
        Object.values(buildEnvironmentStacks(app, environment, target)),
      );
      app.synth();
      return built.map((stack): SynthesizedStackJson => ({
        name: stack.node.id,
        module: stack.module,
        state: { bucket: stack.stateLocation.bucket, key: stack.stateLocation.key },
        json: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')),
      }));
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
};
