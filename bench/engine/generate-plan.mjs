#!/usr/bin/env node
/**
 * Writes a synthetic but realistic `terraform show -json` plan of about `sizeMB` megabytes to
 * `file`, streaming (a 1 GB plan never exists in memory): minified like terraform's output, with
 * planned_values, prior_state, configuration, resource_changes carrying before/after/
 * after_unknown/*_sensitive objects (nested maps, lists, escaped strings, large numbers),
 * output_changes and resource_drift. Returns the counts it wrote, for checking the summariser.
 *
 *   node bench/engine/generate-plan.mjs /tmp/plan.json 200
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ACTIONS = [
  ...Array(70).fill(['no-op']),
  ...Array(14).fill(['update']),
  ...Array(9).fill(['create']),
  ...Array(4).fill(['delete']),
  ['delete', 'create'],
  ['create', 'delete'],
  ['read'],
];

function attributes(i, variant) {
  const tags = {};
  for (let t = 0; t < 8; t++) tags[`tag-${t}`] = `value "${variant}" for resource ${i} \\ tag ${t}`;
  return {
    id: `i-${(i * 2654435761).toString(16).padStart(17, '0')}`,
    ami: 'ami-0c55b159cbfafe1f0',
    instance_type: variant === 'after' ? 't3.large' : 't3.medium',
    password: `s3cr3t-${i}-${variant}`,
    cpu_core_count: 2,
    ebs_optimized: true,
    big_number: '__BIG__', // written as 9007199254740993 (> 2^53) below
    ratio: 0.125,
    user_data: 'IyEvYmluL2Jhc2gKZWNobyAiaGVsbG8gd29ybGQiCg=='.repeat(6),
    tags,
    tags_all: tags,
    root_block_device: [
      { volume_size: 50, volume_type: 'gp3', encrypted: true, iops: 3000, throughput: 125 },
    ],
    network_interface: [
      { device_index: 0, network_interface_id: `eni-${i}`, delete_on_termination: false },
    ],
    security_groups: ['sg-0123456789abcdef0', 'sg-0fedcba9876543210'],
    timeouts: null,
    html: '\u003cscript\u003e \u0026 ~\u003e 3.0',
  };
}
const unknown = { id: true, tags_all: {}, root_block_device: [{}], network_interface: [{}] };
const sensitive = { password: true, tags: {}, root_block_device: [{}] };

export async function generatePlan(file, sizeMB) {
  const target = sizeMB * 1024 * 1024;
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let written = 0;
  const write = async (raw) => {
    const text = raw.replaceAll('"__BIG__"', '9007199254740993');
    written += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  const counts = {};
  const perResource = 6200; // approximate bytes one resource contributes overall
  const n = Math.max(10, Math.floor(target / perResource));
  const addr = (i) => `module.shard["s${i % 97}"].aws_instance.web["k${i}"]`;

  await write(
    '{"format_version":"1.2","terraform_version":"1.11.4","variables":{"region":{"value":"eu-west-1"}},',
  );
  await write('"planned_values":{"root_module":{"resources":[');
  for (let i = 0; i < n; i++) {
    await write(
      `${i ? ',' : ''}${JSON.stringify({ address: addr(i), mode: 'managed', type: 'aws_instance', name: 'web', index: `k${i}`, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 1, values: attributes(i, 'after'), sensitive_values: sensitive })}`,
    );
  }
  await write(']}},"resource_drift":[');
  const drifted = Math.min(50, n);
  for (let i = 0; i < drifted; i++) {
    await write(
      `${i ? ',' : ''}${JSON.stringify({ address: addr(i), mode: 'managed', type: 'aws_instance', name: 'web', change: { actions: ['update'], before: attributes(i, 'before'), after: attributes(i, 'drift'), after_unknown: {}, before_sensitive: sensitive, after_sensitive: sensitive } })}`,
    );
  }
  await write('],"resource_changes":[');
  for (let i = 0; i < n; i++) {
    const actions = ACTIONS[i % ACTIONS.length];
    const key = actions.join('+');
    counts[key] = (counts[key] ?? 0) + 1;
    const rc = {
      address: addr(i),
      module_address: `module.shard["s${i % 97}"]`,
      mode: actions[0] === 'read' ? 'data' : 'managed',
      type: 'aws_instance',
      name: 'web',
      index: `k${i}`,
      provider_name: 'registry.terraform.io/hashicorp/aws',
      change: {
        actions,
        before: actions[0] === 'create' && actions.length === 1 ? null : attributes(i, 'before'),
        after: actions[0] === 'delete' && actions.length === 1 ? null : attributes(i, 'after'),
        after_unknown: unknown,
        before_sensitive: sensitive,
        after_sensitive: sensitive,
        ...(actions.length === 2 ? { replace_paths: [['instance_type']] } : {}),
      },
      ...(actions.length === 2 ? { action_reason: 'replace_because_cannot_update' } : {}),
    };
    await write(`${i ? ',' : ''}${JSON.stringify(rc)}`);
  }
  await write(
    '],"output_changes":{"db_password":{"actions":["update"],"before":"old-secret","after":"new-secret","after_unknown":false,"before_sensitive":true,"after_sensitive":true},"count":{"actions":["no-op"],"before":1,"after":1,"after_unknown":false,"before_sensitive":false,"after_sensitive":false}},',
  );
  await write(
    '"prior_state":{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[',
  );
  for (let i = 0; written < target - 4096 && i < n * 4; i++) {
    await write(
      `${i ? ',' : ''}${JSON.stringify({ address: addr(i % n), mode: 'managed', type: 'aws_instance', name: 'web', values: attributes(i, 'before'), sensitive_values: sensitive })}`,
    );
  }
  await write(
    ']}}},"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws"}},"root_module":{}},"timestamp":"2026-11-22T10:00:00Z","applyable":true,"complete":true,"errored":false}\n',
  );
  out.end();
  await once(out, 'finish');
  return { bytes: written, resources: n, counts };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, size] = process.argv.slice(2);
  console.log(JSON.stringify(await generatePlan(file, Number(size ?? 200))));
}
