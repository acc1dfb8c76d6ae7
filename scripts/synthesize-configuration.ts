import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { buildEnvironmentStacks, loadConfiguration } from '../main';
import type { SynthesizedStackJson } from '../lib/migration/stack-evaluation';

/** Every stack of a configuration folder, synthesized for AWS into a temporary folder and read back. */
export async function synthesizeConfiguration(configRoot: string): Promise<SynthesizedStackJson[]> {
  const config = loadConfiguration({ root: configRoot, displayRoot: configRoot });
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-synth-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const built = config.environments.flatMap((environment) =>
      Object.values(buildEnvironmentStacks(app, environment, { mode: 'real' })),
    );
    app.synth();
    return built.map((stack) => ({
      name: stack.node.id,
      module: stack.module,
      state: { bucket: stack.stateLocation.bucket, key: stack.stateLocation.key },
      json: JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')),
    }));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
