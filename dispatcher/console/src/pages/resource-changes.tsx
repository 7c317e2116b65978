/**
 * The plan's resource-change table: each changed resource the run reported (address and action,
 * at most 200: contract/run-report.ts), and how many more the report left out.
 */
import type { Deployment } from '../api.js';

export function ResourceChanges({ plan }: { plan: NonNullable<Deployment['plan']> }) {
  const resources = plan.resources;
  if (!resources) return null;
  if (resources.length === 0 && !plan.resourcesOmitted)
    return <p class="muted">No resource changes.</p>;
  return (
    <>
      <table aria-label="Resource changes">
        <thead>
          <tr>
            <th scope="col">Resource</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {resources.map((r) => (
            <tr key={r.address} data-testid="resource-change">
              <td>
                <code class="wrap">{r.address}</code>
              </td>
              <td>{r.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.resourcesOmitted ? (
        <p class="muted">and {plan.resourcesOmitted} more not listed.</p>
      ) : null}
    </>
  );
}
