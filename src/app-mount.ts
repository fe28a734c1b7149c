import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';

// The service worker (offline) is registered by App once the app is ready.
export default mount(App, { target: document.getElementById('app')! });
