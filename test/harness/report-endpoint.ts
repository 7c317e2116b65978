/**
 * A dispatcher stand-in's run-report route: the action posts its report to the spec's callback
 * (`…/v1/runs/report`) and, since it streams its log, numbered chunks to `…/v1/runs/log` on the
 * same server. Tests that look at reports wrap their handler in `reportsOnly`: every other POST is
 * read and acknowledged, so the stream goes on and the report is what the handler sees.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './http-server.js';

export const REPORT_PATH = '/v1/runs/report';

export function reportsOnly(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (new URL(req.url ?? '/', 'http://dispatcher').pathname === REPORT_PATH)
      return handler(req, res);
    await readBody(req);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  };
}
