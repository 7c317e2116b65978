/**
 * A module that does not parse fails at `terraform init`, whose text output wraps the real cause in
 * an umbrella error ("Terraform encountered problems during initialisation, including problems
 * with the configuration, described below."). The run's error must name the cause: the file, the
 * line and terraform's own explanation.
 */
import { rm } from 'node:fs/promises';
import { runAction, type ActionRun } from '../harness/action-runner.js';
import { startEngineFixture, type EngineFixture } from '../harness/engine-fixture.js';
import { copyModule, describeWithTerraform } from '../harness/terraform-binary.js';

let fx: EngineFixture;
let dir: string | undefined;
beforeAll(async () => {
  fx = await startEngineFixture();
}, 60_000);
afterAll(async () => {
  await fx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describeWithTerraform('a module with a syntax error', () => {
  let result: ActionRun;
  beforeAll(async () => {
    dir = await copyModule('syntax-error');
    result = await runAction({ cwd: dir, inputs: fx.inputs({ operation: 'plan' }), env: fx.env() });
  }, 120_000);

  it('fails with the diagnostic terraform gave, not its umbrella summary', () => {
    expect(result.exitCode).toBe(1);
    expect(result.errors.at(-1)).toBe(
      '`terraform init` failed (exit 1): Invalid expression (main.tf:5): Expected the start of an expression, but found an invalid expression token. 1 more error(s) are shown as annotations.',
    );
  });

  it('annotates the cause at its file and line, and the umbrella with its whole summary', () => {
    expect(result.stdout).toMatch(
      /^::error title=Invalid expression,file=main\.tf,line=5::Invalid expression%0A%0AExpected the start of an expression/m,
    );
    expect(result.stdout).toContain(
      // Commas in a workflow command's properties are escaped (%2C).
      '::error title=Terraform encountered problems during initialisation%2C including problems with the configuration%2C described below.::',
    );
  });
});
