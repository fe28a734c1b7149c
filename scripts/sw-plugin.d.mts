import type { Plugin } from 'vite';
export const SW_FILE: string;
export function serviceWorker(): Plugin;
