/** Members: who may sign in with GitHub (a login, an organisation, a team) and as what. */
import { useEffect, useState } from 'preact/hooks';
import { api, may, type Session } from '../api.js';
import { ErrorLine, When } from './common.js';

interface Member {
  id: string;
  kind: string;
  name: string;
  role: string;
  createdBy: string;
  createdAt: string;
}

export function MembersPage({ session }: { session: Session }) {
  const [members, setMembers] = useState<Member[] | undefined>();
  const [error, setError] = useState<unknown>();
  const admin = may(session, 'admin');
  const load = () =>
    api<{ members: Member[] }>('GET', '/v1/members').then((r) => setMembers(r.members), setError);
  useEffect(() => void load(), []);
  const add = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const f = new FormData(form);
    setError(undefined);
    try {
      await api('POST', '/v1/members', {
        kind: f.get('kind'),
        name: String(f.get('name') ?? '').trim(),
        role: f.get('role'),
      });
      form.reset();
      void load();
    } catch (failure) {
      setError(failure);
    }
  };
  const remove = async (id: string) => {
    try {
      await api('DELETE', `/v1/members/${id}`);
      void load();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <>
      <h1>Members</h1>
      <p class="muted">
        People who sign in with GitHub get the highest role among the rows matching them.
      </p>
      {admin && (
        <form class="card row" onSubmit={(e) => void add(e)} aria-label="Add a member">
          <label>
            Kind
            <select name="kind">
              <option value="user">GitHub login</option>
              <option value="org">organisation</option>
              <option value="team">team (org/team)</option>
            </select>
          </label>
          <label>
            Name <input name="name" required placeholder="octocat" autoComplete="off" />
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
            Add member
          </button>
        </form>
      )}
      <ErrorLine error={error} />
      {members && (
        <div class="scroll">
          <table aria-label="Members">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Added</th>
                {admin && (
                  <th scope="col">
                    <span class="visually-hidden">Remove</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr>
                  <td>{m.kind}</td>
                  <td>{m.name}</td>
                  <td>{m.role}</td>
                  <td>
                    <When at={m.createdAt} /> by {m.createdBy}
                  </td>
                  {admin && (
                    <td>
                      <button
                        type="button"
                        onClick={() => void remove(m.id)}
                        aria-label={`Remove ${m.name}`}
                      >
                        Remove
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
