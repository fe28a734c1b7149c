// Where Chromium is, and the flags every launch uses (docs/STACK.md §3: no background
// networking, no component updates, no QUIC; WebGPU exposed so its code path is testable).
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

export function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium-browser',
  ];
  return candidates.find((p) => p && existsSync(p));
}

export const INSTALL_COMMAND = 'sudo apt-get update && sudo apt-get install -y chromium fonts-liberation';
