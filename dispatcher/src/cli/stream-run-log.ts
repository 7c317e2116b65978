/**
 * `grape logs -f` and `deploy --wait`: follows a deployment's log as server-sent events
 * (GET /v1/deployments/{id}/logs?follow=true), handing each chunk's text to `onText` as it
 * arrives, until the `end` event (its status is returned). A dropped connection is resumed from
 * the last chunk received (`after`), a bounded number of times in a row. Aborting `signal` stops.
 * `progress` events (what the deployment waits for: a runner, the deployment ahead, an approval)
 * go to `onWaiting`.
 */
import { createParser } from 'eventsource-parser';
import { CliError, type CliIO } from './cli-io.js';

/** Reconnections in a row, without a chunk in between, before giving up. */
const MAX_RECONNECTS = 5;

export async function streamRunLog(
  io: CliIO,
  deploymentId: string,
  onText: (text: string) => void,
  signal?: AbortSignal,
  onWaiting?: (message: string | null) => void,
): Promise<string | undefined> {
  const url = io.env['GRAPE_URL']!.replace(/\/+$/, '');
  let lastSeq = 0;
  let failures = 0;
  for (;;) {
    if (signal?.aborted) return undefined;
    let status: string | undefined;
    let problem: string;
    try {
      const response = await io.fetch(
        `${url}/v1/deployments/${deploymentId}/logs?follow=true${lastSeq ? `&after=${lastSeq}` : ''}`,
        {
          headers: {
            authorization: `Bearer ${io.env['GRAPE_TOKEN']}`,
            accept: 'text/event-stream',
          },
          ...(signal ? { signal } : {}),
        },
      );
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        throw new CliError(
          `The dispatcher answered ${response.status}: ${body.message ?? 'no details'}`,
        );
      }
      const parser = createParser({
        onEvent(event) {
          if (event.event === 'log') {
            const chunk = JSON.parse(event.data) as { seq: number; text: string };
            if (chunk.seq <= lastSeq) return;
            lastSeq = chunk.seq;
            failures = 0;
            onText(chunk.text);
          } else if (event.event === 'progress') {
            onWaiting?.((JSON.parse(event.data) as { waiting: string | null }).waiting);
          } else if (event.event === 'end') {
            status = (JSON.parse(event.data) as { status: string }).status;
          }
        },
      });
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read())
        parser.feed(decoder.decode(read.value, { stream: true }));
      if (status !== undefined) return status;
      problem = 'the stream ended before the run did';
    } catch (error) {
      if (error instanceof CliError) throw error;
      if (signal?.aborted) return undefined;
      problem = (error as Error).message;
    }
    if (++failures > MAX_RECONNECTS)
      throw new CliError(
        `Lost the log of ${deploymentId} ${MAX_RECONNECTS} times in a row (${problem}); run \`grape logs -f ${deploymentId}\` again to resume.`,
      );
    await io.sleep(Math.min(1000 * 2 ** (failures - 1), 8000));
  }
}
