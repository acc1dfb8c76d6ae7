import { Octokit } from '@octokit/rest';

/** Where and as whom to talk to GitHub's REST API. */
export interface GitHubTarget {
  /** API root: GITHUB_API_URL in Actions (https://api.github.com, or a GitHub Enterprise server's). */
  readonly apiUrl: string;
  /** A token allowed to write pull-request comments (GITHUB_TOKEN with `pull-requests: write`). */
  readonly token: string;
  /** `owner/name`. */
  readonly repository: string;
  /** The pull request's number. */
  readonly pullRequest: number;
}

/** What became of the comment. */
export interface CommentResult {
  /** Whether an existing comment was updated or a new one created. */
  readonly action: 'created' | 'updated';
  /** The comment's id. */
  readonly id: number;
  /** The comment's page. */
  readonly url: string;
}

/** A call to GitHub that did not succeed. */
export class GitHubApiError extends Error {
  /** The HTTP status GitHub answered. */
  public readonly status: number;

  public constructor(method: string, url: string, status: number, body: string) {
    super(`GitHub API ${method} ${url} answered ${status}: ${body.slice(0, 300)}`);
    this.name = 'GitHubApiError';
    this.status = status;
  }
}

/**
 * Posts `body` on the pull request, or updates the comment that already carries `marker` (found
 * through every page of the conversation), so a pull request keeps one plan comment however often
 * it is planned. Pull-request comments are issue comments in GitHub's API.
 */
export async function upsertPullRequestComment(
  target: GitHubTarget,
  marker: string,
  body: string,
): Promise<CommentResult> {
  if (!body.includes(marker))
    throw new Error('the comment does not carry its marker: the next run could not find it again');
  const { github, issue } = connect(target);
  const existing = await answered(async () => {
    const pages = github.paginate.iterator(github.rest.issues.listComments, { ...issue, per_page: 100 });
    for await (const page of pages) {
      const found = page.data.find((comment) => comment.body?.includes(marker));
      if (found) return found;
    }
    return undefined;
  });
  const { owner, repo } = issue;
  const comment = await answered(async () =>
    existing
      ? (await github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body })).data
      : (await github.rest.issues.createComment({ ...issue, body })).data,
  );
  return { action: existing ? 'updated' : 'created', id: comment.id, url: comment.html_url };
}

/** Adds the label when `on` is true and removes it when false (creating it the first time, as GitHub does). */
export async function setPullRequestLabel(target: GitHubTarget, label: string, on: boolean): Promise<void> {
  const { github, issue } = connect(target);
  if (on) {
    await answered(() => github.rest.issues.addLabels({ ...issue, labels: [label] }));
    return;
  }
  try {
    await answered(() => github.rest.issues.removeLabel({ ...issue, name: label }));
  } catch (error) {
    // Removing a label the pull request does not carry: GitHub answers 404, and the label is off either way.
    if (!(error instanceof GitHubApiError && error.status === 404)) throw error;
  }
}

/** The client for `target`, and the pull request's address in the form the issue endpoints take. */
function connect(target: GitHubTarget): {
  github: Octokit;
  issue: { owner: string; repo: string; issue_number: number };
} {
  const [owner, repo, ...rest] = target.repository.split('/');
  if (!owner || !repo || rest.length > 0)
    throw new Error(`the repository is "${target.repository}"; allowed: owner/name, such as GITHUB_REPOSITORY`);
  const github = new Octokit({
    auth: target.token,
    baseUrl: target.apiUrl.replace(/\/$/, ''),
    userAgent: 'platform-plan-review',
    // A failed request is reported once, as the GitHubApiError below; Octokit would also log it to stderr.
    log: { debug: () => {}, info: () => {}, warn: (message: string) => console.warn(message), error: () => {} },
  });
  return { github, issue: { owner, repo, issue_number: target.pullRequest } };
}

/** Runs one call to GitHub; an answer other than success becomes a GitHubApiError naming the request and the answer. */
async function answered<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const failure = error as {
      status?: unknown;
      request?: { method?: string; url?: string };
      response?: { data?: unknown };
    };
    if (typeof failure.status !== 'number' || !failure.request) throw error;
    const data = failure.response?.data;
    const body = typeof data === 'string' ? data : JSON.stringify(data ?? null);
    throw new GitHubApiError(failure.request.method ?? '?', failure.request.url ?? '?', failure.status, body);
  }
}
