/** Small pieces every page uses: an error line, a status badge, a time. */
import type { ApiError } from '../api.js';

export function ErrorLine({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error as ApiError;
  return (
    <p class="error" role="alert">
      {e.message}
      {e.problems?.length ? (
        <ul>
          {e.problems.map((p) => (
            <li>
              <code>{p.field}</code>: {p.problem}
              {p.expected ? ` (expected ${p.expected})` : ''}
            </li>
          ))}
        </ul>
      ) : null}
    </p>
  );
}

export const Status = ({ status }: { status: string }) => (
  <span class={`status status-${status}`}>{status}</span>
);

export const When = ({ at }: { at: string | null }) =>
  at ? <time dateTime={at}>{new Date(at).toLocaleString()}</time> : <span>—</span>;
