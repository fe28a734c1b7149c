/**
 * Zod 4 decides once whether it may compile its parsers by probing `Function('')` (zod
 * `util.allowsEval`). Under this app's CSP (no 'unsafe-eval') the probe fails — harmlessly, zod
 * falls back — but the browser records it as a CSP violation, so the Privacy view would count
 * violations the app itself caused. `jitless` makes zod interpret and never probe. Import this
 * first in every bundle that parses with zod (the main thread and the compute worker).
 */
import { z } from 'zod';

z.config({ jitless: true });
