// A stand-in for an app under the supervisor: says its pid, idles, stops cleanly on SIGTERM.
process.stdout.write(`up ${process.pid}\n`);
const idle = setInterval(() => undefined, 1000);
process.on('SIGTERM', () => {
  clearInterval(idle);
  process.stdout.write(`stopped ${process.pid}\n`);
  process.exit(0);
});
