import * as fs from 'fs';
import * as path from 'path';

/** A lock older than this is left by a crashed run and taken over; one init holds it for seconds. */
const STALE_LOCK_MS = 180_000;

/**
 * Runs `work` (a `terraform init`) alone among the processes sharing the plugin cache of `env`,
 * holding a lock folder in the cache. Terraform does not lock its plugin cache, and an init of a
 * folder without a lock file installs each provider into the cache again even when it is there
 * (it trusts a cached provider only with the lock file's checksums), so two inits race even on a
 * warm cache: "mkdir ... file exists", or "after installing registry.terraform.io/hashicorp/aws it
 * is still not detected in .tf-cache/plugins" when one replaces the entry the other links
 * (seen with Terraform 1.11.4 in run-all's parallel inits of freshly synthesized stacks, cache warm).
 */
export async function withPluginCacheLock<T>(env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const cache = env.TF_PLUGIN_CACHE_DIR ?? pluginCacheOf(env.TF_CLI_CONFIG_FILE);
  if (!cache) return work();
  fs.mkdirSync(cache, { recursive: true });
  const lock = path.join(cache, '.init-lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - lockTime(lock) > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** When the lock was taken; now when it has just been released (so the loop simply retries). */
function lockTime(lock: string): number {
  try {
    return fs.statSync(lock).mtimeMs;
  } catch {
    return Date.now();
  }
}

/** The plugin_cache_dir of a CLI config file. */
function pluginCacheOf(cliConfigFile: string | undefined): string | undefined {
  if (!cliConfigFile || !fs.existsSync(cliConfigFile)) return undefined;
  const match = /^plugin_cache_dir\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(cliConfigFile, 'utf8'));
  return match?.[1];
}
