#!/usr/bin/env node
// Stand-in for the OpenTofu CLI (OpenTofu cannot be installed on the test machines): answers the
// subset Grape uses — version -json, init, workspace select, validate -json, plan -out -json
// -detailed-exitcode, show -json, apply -json, output -json — with canned, well-formed output.
// The version it reports is the one written after `// version:` on the second line of the copy.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const version =
  /^\/\/ version: (\S+)$/m.exec(readFileSync(fileURLToPath(import.meta.url), 'utf8'))?.[1] ??
  '1.8.3';
const [command, ...args] = process.argv.slice(2);
const event = (type, message, extra = {}) =>
  console.log(
    JSON.stringify({ '@level': 'info', '@message': message, '@module': 'tofu.ui', type, ...extra }),
  );
const plan = {
  format_version: '1.2',
  terraform_version: version,
  resource_changes: [
    {
      address: 'terraform_data.standin',
      mode: 'managed',
      type: 'terraform_data',
      name: 'standin',
      provider_name: 'registry.opentofu.org/builtin/terraform',
      change: {
        actions: ['create'],
        before: null,
        after: { input: 'x' },
        after_unknown: { id: true },
        before_sensitive: false,
        after_sensitive: {},
      },
    },
  ],
  output_changes: {
    greeting: {
      actions: ['create'],
      before: null,
      after: 'hello from tofu',
      after_unknown: false,
      before_sensitive: false,
      after_sensitive: false,
    },
  },
  applyable: true,
  complete: true,
  errored: false,
};

switch (command) {
  case 'version':
    console.log(
      JSON.stringify({
        terraform_version: version,
        platform: 'linux_amd64',
        provider_selections: {},
      }),
    );
    break;
  case 'init':
    console.log('OpenTofu has been successfully initialized!');
    break;
  case 'workspace':
    console.log(`Switched to workspace "${args.at(-1)}".`);
    break;
  case 'validate':
    console.log(
      JSON.stringify({
        format_version: '1.0',
        valid: true,
        error_count: 0,
        warning_count: 0,
        diagnostics: [],
      }),
    );
    break;
  case 'plan': {
    const out = args.find((a) => a.startsWith('-out='))?.slice(5);
    if (out) writeFileSync(out, JSON.stringify(plan));
    event('version', 'OpenTofu ' + version);
    event('change_summary', 'Plan: 1 to add, 0 to change, 0 to destroy.');
    process.exit(args.includes('-detailed-exitcode') ? 2 : 0);
    break;
  }
  case 'show':
    process.stdout.write(readFileSync(args.at(-1), 'utf8'));
    break;
  case 'apply':
    event('apply_complete', 'terraform_data.standin: Creation complete after 0s');
    event('change_summary', 'Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');
    break;
  case 'output':
    console.log(
      JSON.stringify({ greeting: { sensitive: false, type: 'string', value: 'hello from tofu' } }),
    );
    break;
  default:
    console.error(`tofu stand-in: unsupported command ${command}`);
    process.exit(1);
}
