/** Signed out: how to get in (a one-time link from the operator, or GitHub when configured). */
export function SignInPage({ github }: { github: boolean }) {
  return (
    <main id="main" class="narrow">
      <h1>Grape console</h1>
      {github && (
        <p>
          <a class="button primary" href="/console/github/start">
            Sign in with GitHub
          </a>
        </p>
      )}
      <p>
        Or open the one-time sign-in link printed as <code>Console:</code> when the dispatcher first
        started. For a fresh one, run <code>grape console-link --tenant &lt;tenant&gt;</code> on the
        dispatcher's machine.
      </p>
    </main>
  );
}
