/**
 * The console's shell: who is signed in (GET /console/session), the navigation, and the page for
 * the current path. Signed out, it shows the sign-in page.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, may, setCsrf, type Session } from './api.js';
import { AuditPage } from './pages/audit.js';
import { DeploymentPage } from './pages/deployment.js';
import { DeploymentsPage } from './pages/deployments.js';
import { MembersPage } from './pages/members.js';
import { ProjectsPage } from './pages/projects.js';
import { SignInPage } from './pages/sign-in.js';
import { TokensPage } from './pages/tokens.js';
import { navigate, onLinkClick, usePath } from './router.js';
import './styles.css';

function Page({ path, session }: { path: string; session: Session }) {
  const [route = ''] = path.split('?');
  const deployment = /^\/deployments\/(dep_[0-9a-f]+)$/.exec(route);
  if (deployment) return <DeploymentPage id={deployment[1]!} session={session} />;
  if (route === '/projects') return <ProjectsPage session={session} />;
  if (route === '/tokens') return <TokensPage session={session} />;
  if (route === '/audit') return <AuditPage />;
  if (route === '/members') return <MembersPage session={session} />;
  return <DeploymentsPage session={session} query={path.split('?')[1] ?? ''} />;
}

function App() {
  const path = usePath();
  const [session, setSession] = useState<Session | undefined>();
  useEffect(() => {
    void api<Session>('GET', '/console/session').then((s) => {
      setCsrf(s.csrfToken ?? '');
      setSession(s);
      if (s.signedIn && location.pathname === '/') navigate('/deployments');
    });
  }, []);
  if (!session) return <p class="loading">Loading…</p>;
  if (!session.signedIn) return <SignInPage github={session.github} />;
  const links: Array<[string, string, boolean]> = [
    ['/deployments', 'Deployments', true],
    ['/projects', 'Projects', true],
    ['/tokens', 'Tokens', may(session, 'admin')],
    ['/audit', 'Audit log', may(session, 'admin')],
    ['/members', 'Members', true],
  ];
  const signOut = async () => {
    await api('POST', '/console/sign-out');
    location.assign('/');
  };
  return (
    <div onClick={onLinkClick}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span class="brand">Grape</span>
        <nav aria-label="Main">
          {links
            .filter(([, , shown]) => shown)
            .map(([href, label]) => (
              <a href={href} aria-current={path.startsWith(href) ? 'page' : undefined}>
                {label}
              </a>
            ))}
        </nav>
        <span class="who">
          {session.login} · {session.role} · {session.tenant?.name}{' '}
          <button type="button" class="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main">
        <Page path={path} session={session} />
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
