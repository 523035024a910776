/**
 * The benchmark's baseline: a bare Fastify app in a process of its own that parses the same form
 * posts and answers fixed TwiML (a Gather on /twilio/voice, the Online prompt and a hang-up on
 * /twilio/gather), with no signature check, no NATS and no database. What is left is the cost of
 * HTTP, Node and the machine. Run: `node dist/bench/support/bare-twiml-server.js <port>`; it prints
 * `listening <port>` when ready.
 */
import Fastify from 'fastify';

const port = Number(process.argv[2] ?? 0);
const base = `http://127.0.0.1:${port}`;
const VOICE =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Gather input="dtmf" numDigits="1" timeout="5" finishOnKey="" ' +
  `actionOnEmptyResult="true" action="${base}/twilio/gather?session=00000000-0000-4000-8000-000000000000&amp;turn=1" method="POST">` +
  '<Say voice="Polly.Joanna" language="en-US">Welcome to the agent timed presence line.</Say>' +
  '<Say voice="Polly.Joanna" language="en-US">To go online for 8 hours, press 1.</Say></Gather></Response>';
const GATHER =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna" language="en-US">' +
  'You are now online and available for inbound calls on this phone. Goodbye.</Say><Hangup/></Response>';

async function main(): Promise<void> {
  const app = Fastify();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.post('/twilio/voice', (_request, reply) => reply.type('text/xml').send(VOICE));
  app.post('/twilio/gather', (_request, reply) => reply.type('text/xml').send(GATHER));
  await app.listen({ port, host: '127.0.0.1' });
  process.stdout.write(`listening ${port}\n`);
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
