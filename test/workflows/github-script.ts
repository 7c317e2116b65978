/**
 * Runs an actions/github-script `script:` the way the action does (the body of an async function
 * given github, context, core, …), against in-memory stand-ins for the GitHub API.
 */
import { createRequire } from 'node:module';

export interface FakeComment {
  id: number;
  body: string;
  user: { type: string; login: string };
}

export interface FakeGitHub {
  readonly comments: FakeComment[];
  readonly issues: { number: number; title: string; body: string; pull_request?: object }[];
  readonly calls: string[];
  readonly summary: string[];
}

type ScriptFunction = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => ScriptFunction;

export async function runGitHubScript(
  script: string,
  options: { env: Record<string, string>; pullRequest?: number; state?: Partial<FakeGitHub> },
): Promise<FakeGitHub> {
  const state: FakeGitHub = {
    comments: options.state?.comments ?? [],
    issues: options.state?.issues ?? [],
    calls: [],
    summary: [],
  };
  let nextId = 1000;
  const rest = {
    issues: {
      listComments: async () => ({ data: state.comments }),
      listForRepo: async () => ({ data: state.issues }),
      createComment: async ({ body, issue_number }: { body: string; issue_number: number }) => {
        state.calls.push(`createComment #${issue_number}`);
        const comment = { id: nextId++, body, user: { type: 'Bot', login: 'github-actions[bot]' } };
        state.comments.push(comment);
        return { data: comment };
      },
      updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => {
        state.calls.push(`updateComment ${comment_id}`);
        const comment = state.comments.find((c) => c.id === comment_id);
        if (!comment) throw new Error(`no comment ${comment_id}`);
        comment.body = body;
        return { data: comment };
      },
      create: async ({ title, body }: { title: string; body: string }) => {
        state.calls.push(`create issue '${title}'`);
        state.issues.push({ number: nextId++, title, body });
        return { data: {} };
      },
    },
  };
  const github = {
    rest,
    paginate: async (method: (params: unknown) => Promise<{ data: unknown[] }>, params: unknown) =>
      (await method(params)).data,
  };
  const summary = {
    addRaw(text: string) {
      state.summary.push(text);
      return summary;
    },
    write: async () => summary,
  };
  const core = { info: () => undefined, summary };
  const context = {
    repo: { owner: 'acme', repo: 'infra' },
    payload: options.pullRequest ? { pull_request: { number: options.pullRequest } } : {},
  };

  const saved = { ...process.env };
  Object.assign(process.env, options.env);
  try {
    // github-script passes `require` too (resolving from the workspace): scripts read files with it.
    await new AsyncFunction('github', 'context', 'core', 'require', script)(
      github,
      context,
      core,
      createRequire(import.meta.url),
    );
  } finally {
    for (const key of Object.keys(options.env)) {
      if (key in saved) process.env[key] = saved[key];
      else delete process.env[key];
    }
  }
  return state;
}
