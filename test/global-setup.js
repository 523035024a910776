// End-to-end tests run the built apps exactly as `npm start` does: build once before them.
const { execSync } = require('node:child_process');

module.exports = async function globalSetup() {
  execSync('npm run --silent build', { stdio: 'inherit', cwd: `${__dirname}/..` });
};
