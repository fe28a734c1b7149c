// Finds Debian's Chromium for the end-to-end tests, installs it when running as root, and
// otherwise stops with the exact command to run. Never downloads a browser build of its own.
import { execSync } from 'node:child_process';
import { findChromium, INSTALL_COMMAND } from './chromium.mjs';

let found = findChromium();
if (!found && process.getuid?.() === 0) {
  console.log("Chromium not found; installing Debian's chromium package (about a minute)…");
  execSync(
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq chromium fonts-liberation',
    {
      stdio: 'inherit',
    },
  );
  found = findChromium();
}
if (!found) {
  console.error(
    `Chromium is needed for the end-to-end tests and was not found.\nInstall it with:\n  ${INSTALL_COMMAND}\nor set CHROMIUM_PATH to a Chromium binary.`,
  );
  process.exit(1);
}
console.log(`Chromium: ${found}`);
