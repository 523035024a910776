/**
 * The load balancer in front of dispatch's replicas, as an ingress would be: requests go to the
 * ready replicas in turn (readiness as the monitor last saw it), and to the others when none of
 * those can take it; a replica that refuses the connection is skipped for the next one. Every answer to a Twilio
 * webhook (`/twilio/...`) is recorded, so the suite can check that each was valid TwiML.
 */
import { request as httpRequest, createServer, type IncomingMessage, type Server } from 'node:http';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { freeTcpPort } from '../../libs/stack-harness/src/stack';

export interface WebhookAnswer {
  at: number;
  path: string;
  status: number;
  /** A 200 with an XML body whose root is `<Response>`. */
  twiml: boolean;
  apology: boolean;
  body: string;
  /** Which replica answered, or why none did. */
  upstream: string;
}

export interface Balancer {
  readonly url: string;
  readonly answers: WebhookAnswer[];
  close(): Promise<void>;
}

/** The apologies: dispatch's (apps/dispatch/src/common/call-answer.ts) and flow-runtime's (libs/flow-domain). */
const APOLOGY = /problem on our side|something went wrong on our side/;
const parser = new XMLParser({ ignoreAttributes: false });

export function isTwiml(status: number, contentType: string, body: string): boolean {
  if (status !== 200 || !/xml/.test(contentType)) return false;
  if (XMLValidator.validate(body) !== true) return false;
  const doc = parser.parse(body) as Record<string, unknown>;
  return 'Response' in doc;
}

function forward(
  target: string,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const out = httpRequest(
      `${target}${req.url ?? '/'}`,
      { method: req.method, headers: req.headers, timeout: 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 502,
            headers: Object.fromEntries(
              Object.entries(res.headers).filter(
                (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'transfer-encoding',
              ),
            ),
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    out.on('timeout', () => out.destroy(new Error('upstream timeout')));
    out.on('error', reject);
    out.end(body);
  });
}

export async function startBalancer(
  replicas: () => string[],
  isReady: (url: string) => boolean,
): Promise<Balancer> {
  const port = await freeTcpPort();
  const answers: WebhookAnswer[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        // The ready replicas in turn, then the others: a refused connection moves on to the next
        // (as an ingress does), and a replica that just turned not ready still gets a request no
        // ready one could take.
        const all = replicas();
        const ready = all.filter(isReady);
        const start = next++ % Math.max(1, ready.length);
        const tried = [
          ...ready.slice(start),
          ...ready.slice(0, start),
          ...all.filter((url) => !ready.includes(url)),
        ];
        let result: Awaited<ReturnType<typeof forward>> | null = null;
        let upstream = '';
        for (const target of tried) {
          try {
            result = await forward(target, req, Buffer.concat(chunks));
            upstream = target;
            break;
          } catch (error) {
            // refused, reset or timed out: the next replica
            upstream += `${target}: ${error instanceof Error ? error.message : String(error)}; `;
          }
        }
        const final = result ?? {
          status: 502,
          headers: { 'content-type': 'text/plain' },
          body: Buffer.from(''),
        };
        if (req.url?.startsWith('/twilio/')) {
          const text = final.body.toString();
          answers.push({
            at: Date.now(),
            path: req.url.split('?')[0],
            status: final.status,
            twiml: isTwiml(final.status, final.headers['content-type'] ?? '', text),
            apology: APOLOGY.test(text),
            body: text.slice(0, 500),
            upstream,
          });
        }
        res.writeHead(final.status, final.headers);
        res.end(final.body);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    answers,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
