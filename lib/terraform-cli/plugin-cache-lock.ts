import * as fs from 'fs';
import * as path from 'path';
import * as lockfile from 'proper-lockfile';

/**
 * A lock its holder has not refreshed for this long was left by a crashed run and is taken over.
 * The holder refreshes it every STALE_MS / 3 (proper-lockfile), so an init that takes minutes on a
 * busy machine keeps it, and a crashed one blocks the others for 30 s, not the 180 s of a fixed age.
 */
const STALE_MS = 30_000;

/**
 * Runs `work` (a `terraform init`) alone among the processes sharing the plugin cache of `env`,
 * holding a lock (`.init-lock` in the cache, proper-lockfile). Terraform does not lock its plugin
 * cache, and an init of a folder without a lock file installs each provider into the cache again
 * even when it is there (it trusts a cached provider only with the lock file's checksums), so two
 * inits raced even on a warm cache: "mkdir ... file exists", or "after installing
 * registry.terraform.io/hashicorp/aws it is still not detected in .tf-cache/plugins" (Terraform
 * 1.11.4, run-all's parallel inits of freshly synthesized stacks). Every synthesized stack now has
 * the project's complete lock file, which makes an init link what the cache holds; the lock stays
 * for folders without one (the migration's provider schema, hand-made test folders).
 */
export async function withPluginCacheLock<T>(env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const cache = env.TF_PLUGIN_CACHE_DIR ?? pluginCacheOf(env.TF_CLI_CONFIG_FILE);
  if (!cache) return work();
  fs.mkdirSync(cache, { recursive: true });
  const release = await lockfile.lock(cache, {
    lockfilePath: path.join(cache, '.init-lock'),
    realpath: false,
    stale: STALE_MS,
    update: STALE_MS / 3,
    retries: { forever: true, minTimeout: 100, maxTimeout: 500 },
  });
  try {
    return await work();
  } finally {
    await release();
  }
}

/** The plugin_cache_dir of a CLI config file. */
function pluginCacheOf(cliConfigFile: string | undefined): string | undefined {
  if (!cliConfigFile || !fs.existsSync(cliConfigFile)) return undefined;
  const match = /^plugin_cache_dir\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(cliConfigFile, 'utf8'));
  return match?.[1];
}
