// First: no eval probe (and so no CSP violation) from zod in this bundle.
import './lib/privacy/no-eval';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { registerServiceWorker } from './state/privacy.svelte';

// Offline: the service worker caches the whole app (production builds only).
registerServiceWorker();

export default mount(App, { target: document.getElementById('app')! });
