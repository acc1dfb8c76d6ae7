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

interface IssueComment {
  readonly id: number;
  readonly body?: string;
  readonly html_url: string;
}

/** A call to GitHub that did not succeed. */
export class GitHubApiError extends Error {
  public constructor(method: string, url: string, status: number, body: string) {
    super(`GitHub API ${method} ${url} answered ${status}: ${body.slice(0, 300)}`);
    this.name = 'GitHubApiError';
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
  const existing = await findComment(target, marker);
  const base = `${target.apiUrl.replace(/\/$/, '')}/repos/${target.repository}/issues`;
  const comment = existing
    ? await call<IssueComment>(target, 'PATCH', `${base}/comments/${existing.id}`, { body })
    : await call<IssueComment>(target, 'POST', `${base}/${target.pullRequest}/comments`, { body });
  return { action: existing ? 'updated' : 'created', id: comment.id, url: comment.html_url };
}

/** Adds the label when `on` is true and removes it when false (creating it the first time, as GitHub does). */
export async function setPullRequestLabel(target: GitHubTarget, label: string, on: boolean): Promise<void> {
  const base = `${target.apiUrl.replace(/\/$/, '')}/repos/${target.repository}/issues/${target.pullRequest}/labels`;
  if (on) await call(target, 'POST', base, { labels: [label] });
  else await call(target, 'DELETE', `${base}/${encodeURIComponent(label)}`, undefined, [404]);
}

async function findComment(target: GitHubTarget, marker: string): Promise<IssueComment | undefined> {
  let url: string | undefined =
    `${target.apiUrl.replace(/\/$/, '')}/repos/${target.repository}/issues/${target.pullRequest}/comments?per_page=100`;
  while (url) {
    const response = await request(target, 'GET', url);
    const comments = (await response.json()) as IssueComment[];
    const found = comments.find((c) => c.body?.includes(marker));
    if (found) return found;
    url = nextPage(response.headers.get('link'));
  }
  return undefined;
}

/** The `rel="next"` address of a Link header. */
export function nextPage(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="next"/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

async function call<T>(
  target: GitHubTarget,
  method: string,
  url: string,
  body?: unknown,
  tolerated: readonly number[] = [],
): Promise<T> {
  const response = await request(target, method, url, body, tolerated);
  return (response.status === 204 || tolerated.includes(response.status) ? undefined : await response.json()) as T;
}

async function request(
  target: GitHubTarget,
  method: string,
  url: string,
  body?: unknown,
  tolerated: readonly number[] = [],
): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${target.token}`,
      'x-github-api-version': '2022-11-28',
      'user-agent': 'platform-plan-review',
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok && !tolerated.includes(response.status))
    throw new GitHubApiError(method, url, response.status, await response.text());
  return response;
}
