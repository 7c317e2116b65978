/** API tokens (admins): create one (its value shown once, here), list and revoke. */
import { useEffect, useState } from 'preact/hooks';
import { api, type Role, type Session } from '../api.js';
import { ErrorLine, When } from './common.js';

interface Token {
  id: string;
  name: string;
  role: Role;
  projects: string[] | null;
  environments: string[] | null;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export function TokensPage(_: { session: Session }) {
  const [tokens, setTokens] = useState<Token[] | undefined>();
  const [created, setCreated] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const load = () =>
    api<{ items: Token[] }>('GET', '/v1/tokens').then((r) => setTokens(r.items), setError);
  useEffect(() => void load(), []);
  const create = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    setError(undefined);
    try {
      const t = await api<Token & { token: string }>('POST', '/v1/tokens', {
        name: String(f.get('name') ?? '').trim(),
        role: f.get('role'),
      });
      setCreated(t.token);
      void load();
    } catch (failure) {
      setError(failure);
    }
  };
  const revoke = async (id: string) => {
    try {
      await api('DELETE', `/v1/tokens/${id}`);
      void load();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      <h1>API tokens</h1>
      <form class="card row" onSubmit={(e) => void create(e)} aria-label="Create a token">
        <label>
          Name <input name="name" required placeholder="ci-deployer" autoComplete="off" />
        </label>
        <label>
          Role
          <select name="role">
            <option value="viewer">viewer</option>
            <option value="deployer">deployer</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit" class="primary">
          Create token
        </button>
      </form>
      {created && (
        <div class="card notice" role="status">
          <p>Copy this token now: it is not shown again.</p>
          <code class="wrap" data-testid="new-token">
            {created}
          </code>
        </div>
      )}
      <ErrorLine error={error} />
      {tokens && (
        <div class="scroll">
          <table aria-label="Tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Scope</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr>
                  <td>
                    {t.name} <code class="muted">{t.id}</code>
                  </td>
                  <td>{t.role}</td>
                  <td>
                    {[...(t.projects ?? []), ...(t.environments ?? [])].join(', ') ||
                      'whole tenant'}
                  </td>
                  <td>
                    <When at={t.createdAt} /> by {t.createdBy}
                  </td>
                  <td>
                    {t.revokedAt ? (
                      'revoked'
                    ) : (
                      <button
                        type="button"
                        onClick={() => void revoke(t.id)}
                        aria-label={`Revoke ${t.name}`}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
