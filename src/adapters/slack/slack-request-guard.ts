// What stands between Slack's HTTP requests and Bolt: the signature and its time (stale or from the future: 401), then
// the shape of what Slack sends (anything else: 400 and one log line), so no request can throw inside Bolt's receiver
// or reach a listener without the fields it reads.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { BufferedRequest } from '../http/create-http-server.ts';

/** Slack signs every request with its time; one more than this far from ours, either way, is refused. */
export const SLACK_CLOCK_SKEW_SECONDS = 5 * 60;

const userRef = z.object({ id: z.string().min(1) });

/** The interactive payloads kaifang acts on; any other type must still name its user. */
const payloadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('block_actions'), user: userRef, actions: z.array(z.object({ action_id: z.string(), type: z.string() })) }),
  z.object({
    type: z.literal('view_submission'),
    user: userRef,
    view: z.object({ callback_id: z.string(), private_metadata: z.string(), state: z.object({ values: z.record(z.string(), z.unknown()) }) }),
  }),
  z.object({ type: z.literal('view_closed'), user: userRef, view: z.object({ callback_id: z.string() }) }),
]);
const otherPayload = z.object({ type: z.string(), user: userRef });
/** The types `payloadSchema` knows the shape of; any other only has to name its user. */
const KNOWN_PAYLOADS: ReadonlySet<string> = new Set(payloadSchema.options.map((o) => o.shape.type.value));

const slashCommand = z.object({
  command: z.string().min(1),
  text: z.string(),
  user_id: z.string().min(1),
  response_url: z.string().min(1),
  trigger_id: z.string().min(1),
});

const eventBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string() }),
  z.object({
    type: z.literal('event_callback'),
    // The events kaifang subscribes to carry what their listener reads; any other is ignored by Bolt.
    event: z.object({ type: z.string() }).passthrough().superRefine((event, ctx) => {
      if (event.type !== 'app_home_opened') return;
      for (const field of ['user', 'tab'])
        if (typeof event[field] !== 'string' || event[field] === '') ctx.addIssue({ code: 'custom', path: [field], message: 'required' });
    }),
  }),
]);

export type GuardVerdict = { ok: true } | { ok: false; status: 400 | 401; why: string };

function signatureOk(secret: string, req: BufferedRequest, nowSeconds: number): GuardVerdict {
  const signature = req.headers['x-slack-signature'];
  const stamp = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof stamp !== 'string' || !/^\d{1,12}$/.test(stamp)) return { ok: false, status: 401, why: 'not signed' };
  if (Math.abs(nowSeconds - Number(stamp)) > SLACK_CLOCK_SKEW_SECONDS) return { ok: false, status: 401, why: 'signed more than 5 minutes from now' };
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${stamp}:`).update(req.rawBody).digest('hex')}`;
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return { ok: false, status: 401, why: 'bad signature' };
  return { ok: true };
}

function issues(e: z.ZodError): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}

function shapeOk(req: BufferedRequest): GuardVerdict {
  const text = req.rawBody.toString('utf8');
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const bad = (why: string): GuardVerdict => ({ ok: false, status: 400, why });
  if (type === 'application/x-www-form-urlencoded') {
    const form = parseQuery(text);
    if (typeof form.payload === 'string') {
      let payload: unknown;
      try {
        payload = JSON.parse(form.payload);
      } catch {
        return bad('payload is not JSON');
      }
      const known = payloadSchema.safeParse(payload);
      if (known.success) return { ok: true };
      const kind = (payload as { type?: unknown } | null)?.type;
      if (typeof kind === 'string' && !KNOWN_PAYLOADS.has(kind)) {
        const other = otherPayload.safeParse(payload);
        return other.success ? { ok: true } : bad(`payload: ${issues(other.error)}`);
      }
      return bad(`payload: ${issues(known.error)}`);
    }
    const command = slashCommand.safeParse(form);
    return command.success ? { ok: true } : bad(`slash command: ${issues(command.error)}`);
  }
  if (type === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return bad('body is not JSON');
    }
    const event = eventBody.safeParse(body);
    return event.success ? { ok: true } : bad(`event: ${issues(event.error)}`);
  }
  return bad(`content type ${type || '(none)'}`);
}

/**
 * Slack's SSL check (`ssl_check=1`) comes unsigned and asks for nothing but a 200. Anything else in its body is
 * dropped, so no unsigned payload can ride along.
 */
function sslCheck(req: BufferedRequest): boolean {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (type !== 'application/x-www-form-urlencoded' || parseQuery(req.rawBody.toString('utf8')).ssl_check !== '1') return false;
  req.rawBody = Buffer.from('ssl_check=1');
  return true;
}

/** Checks a request as Slack sends it. Signature first: an unsigned request learns nothing about the shapes. */
export function checkSlackRequest(secret: string, req: BufferedRequest, nowSeconds = Math.floor(Date.now() / 1000)): GuardVerdict {
  if (sslCheck(req)) return { ok: true };
  const signed = signatureOk(secret, req, nowSeconds);
  return signed.ok ? shapeOk(req) : signed;
}

/** Bolt's request listener behind the guard. */
export function guardSlackRoute(
  secret: string,
  listener: (req: BufferedRequest, res: ServerResponse) => void,
  log: (line: string) => void,
): (req: BufferedRequest, res: ServerResponse) => void {
  return (req, res) => {
    const verdict = checkSlackRequest(secret, req);
    if (!verdict.ok) {
      log(`[slack] request refused (${verdict.status}): ${verdict.why}`);
      res.writeHead(verdict.status).end();
      return;
    }
    listener(req, res);
  };
}
