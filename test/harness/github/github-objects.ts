/**
 * Builders for the large objects GitHub's REST description requires (users, repositories, pull
 * requests), filled the way api.github.com fills them. Used by the stand-in's handlers.
 */

export const API = 'https://api.github.com';
export const WEB = 'https://github.com';
const TIME = '2026-01-01T00:00:00Z';

export function simpleUser(login: string, id = 1000): Record<string, unknown> {
  const url = `${API}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url,
    html_url: `${WEB}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'Organization',
    site_admin: false,
  };
}

export function repository(
  owner: string,
  repo: string,
  defaultBranch: string,
): Record<string, unknown> {
  const url = `${API}/repos/${owner}/${repo}`;
  const html = `${WEB}/${owner}/${repo}`;
  return {
    id: 4242,
    node_id: 'R_4242',
    name: repo,
    full_name: `${owner}/${repo}`,
    owner: simpleUser(owner, 4000),
    private: true,
    html_url: html,
    description: 'GitOps repository',
    fork: false,
    url,
    archive_url: `${url}/{archive_format}{/ref}`,
    assignees_url: `${url}/assignees{/user}`,
    blobs_url: `${url}/git/blobs{/sha}`,
    branches_url: `${url}/branches{/branch}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    comments_url: `${url}/comments{/number}`,
    commits_url: `${url}/commits{/sha}`,
    compare_url: `${url}/compare/{base}...{head}`,
    contents_url: `${url}/contents/{+path}`,
    contributors_url: `${url}/contributors`,
    deployments_url: `${url}/deployments`,
    downloads_url: `${url}/downloads`,
    events_url: `${url}/events`,
    forks_url: `${url}/forks`,
    git_commits_url: `${url}/git/commits{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_url: `git://github.com/${owner}/${repo}.git`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    issue_events_url: `${url}/issues/events{/number}`,
    issues_url: `${url}/issues{/number}`,
    keys_url: `${url}/keys{/key_id}`,
    labels_url: `${url}/labels{/name}`,
    languages_url: `${url}/languages`,
    merges_url: `${url}/merges`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    pulls_url: `${url}/pulls{/number}`,
    releases_url: `${url}/releases{/id}`,
    ssh_url: `git@github.com:${owner}/${repo}.git`,
    stargazers_url: `${url}/stargazers`,
    statuses_url: `${url}/statuses/{sha}`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    tags_url: `${url}/tags`,
    teams_url: `${url}/teams`,
    trees_url: `${url}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${url}/hooks`,
    svn_url: html,
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1,
    default_branch: defaultBranch,
    open_issues_count: 0,
    open_issues: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: TIME,
    created_at: TIME,
    updated_at: TIME,
    network_count: 0,
    subscribers_count: 1,
  };
}

export interface StoredPull {
  number: number;
  state: 'open' | 'closed';
  title: string;
  body: string | null;
  head: string;
  base: string;
  headSha: string;
  baseSha: string;
}

export function pullRequest(
  owner: string,
  repo: string,
  defaultBranch: string,
  pull: StoredPull,
  full: boolean,
): Record<string, unknown> {
  const url = `${API}/repos/${owner}/${repo}/pulls/${pull.number}`;
  const html = `${WEB}/${owner}/${repo}/pull/${pull.number}`;
  const issue = `${API}/repos/${owner}/${repo}/issues/${pull.number}`;
  const repoObject = repository(owner, repo, defaultBranch);
  const side = (ref: string, sha: string): Record<string, unknown> => ({
    label: `${owner}:${ref}`,
    ref,
    sha,
    user: simpleUser(owner, 4000),
    repo: repoObject,
  });
  const simple: Record<string, unknown> = {
    url,
    id: 9000 + pull.number,
    node_id: `PR_${pull.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${API}/repos/${owner}/${repo}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: `${API}/repos/${owner}/${repo}/statuses/${pull.headSha}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: simpleUser('grape-facts[bot]', 5000),
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: TIME,
    updated_at: TIME,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: side(pull.head, pull.headSha),
    base: side(pull.base, pull.baseSha),
    _links: Object.fromEntries(
      [
        ['self', url],
        ['html', html],
        ['issue', issue],
        ['comments', `${issue}/comments`],
        ['review_comments', `${url}/comments`],
        ['review_comment', `${API}/repos/${owner}/${repo}/pulls/comments{/number}`],
        ['commits', `${url}/commits`],
        ['statuses', `${API}/repos/${owner}/${repo}/statuses/${pull.headSha}`],
      ].map(([k, href]) => [k, { href }]),
    ),
    author_association: 'NONE',
    auto_merge: null,
    draft: false,
  };
  if (!full) return simple;
  return {
    ...simple,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}
