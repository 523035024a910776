// Drops the migrated database test/global-setup.js made for the end-to-end stacks to copy.
const { dropOnServer } = require('./global-setup');

module.exports = async function globalTeardown() {
  const name = process.env.TP_TEST_MIGRATED_TEMPLATE;
  if (name) await dropOnServer(name);
};
