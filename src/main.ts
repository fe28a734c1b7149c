// First: no eval probe (and so no CSP violation) from zod in this bundle.
import './lib/privacy/no-eval';
import { startDuckdbWorker } from './state/session/early-worker';

// DuckDB's worker first, then the app: its WebAssembly compiles while the app's bundle loads.
startDuckdbWorker();
void import('./app-mount');
