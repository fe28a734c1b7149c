import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const restrict = (patterns) => ['error', { patterns }];

export default ts.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'bench/results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, __APP_VERSION__: 'readonly' } },
    rules: {
      // TypeScript checks names; the core rule does not know DOM/TS lib types such as BlobPart.
      'no-undef': 'off',
      // Maps, Sets and URLs here are deliberately plain: big state is replaced whole ($state.raw),
      // never mutated in place, and URLs are parsed values, not state.
      'svelte/prefer-svelte-reactivity': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        // On WebGPU, dataSync()/arraySync() return zeros and lose the device (docs/STACK.md §2).
        {
          selector: 'CallExpression[callee.property.name=/^(dataSync|arraySync)$/]',
          message: 'Use the async data()/array() reads.',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  // One-way imports: ui → state → lib, workers → lib. The core never imports the UI.
  {
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['svelte', 'svelte/*', '**/ui/**', '**/state/**', '**/workers/**', '**/i18n/**', '*.svelte'],
          message: 'src/lib is the pure core: no UI, state, UI text or workers.',
        },
      ]),
    },
  },
  {
    // The shared types and helpers below ops, recipe, protocol and data: they import nothing of the
    // rest of src/lib (util aside), so no layer above reaches back through them.
    files: ['src/lib/core/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['../*', '!../util', '!../util/*'],
          message: 'src/lib/core sits below every other part of src/lib: import only from core itself or util.',
        },
        {
          group: ['@duckdb/*', '@tensorflow/*', 'svelte', 'svelte/*'],
          message: 'src/lib/core is plain TypeScript: no DuckDB, TF.js or Svelte.',
        },
      ]),
    },
  },
  {
    // Layers below the engine never reach up into it: ops and data take their shared types and
    // errors from lib/core (tests, which run whole recipes, may).
    files: ['src/lib/ops/**/*.ts', 'src/lib/data/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/lib/ops/clean/test-support.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['svelte', 'svelte/*', '**/ui/**', '**/state/**', '**/workers/**', '**/i18n/**', '*.svelte'],
          message: 'src/lib is the pure core: no UI, state, UI text or workers.',
        },
        {
          group: ['**/recipe/*'],
          message: 'ops and data sit below the recipe engine: shared types and errors come from lib/core.',
        },
      ]),
    },
  },
  {
    // Analysis families stay free of DuckDB and TF.js: they work on plain arrays.
    files: [
      'src/lib/rfm/**/*.ts',
      'src/lib/mining/**/*.ts',
      'src/lib/clv/**/*.ts',
      'src/lib/cluster/**/*.ts',
      'src/lib/tree/**/*.ts',
      'src/lib/features/**/*.ts',
      'src/lib/recsys/**/*.ts',
      'src/lib/stats/**/*.ts',
      'src/lib/journeys/**/*.ts',
      'src/lib/anomalies/**/*.ts',
      'src/lib/graph/**/*.ts',
      'src/lib/recipe/**/*.ts',
      'src/lib/util/**/*.ts',
      'src/samples/**/*.ts',
      'src/lib/protocol/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['@duckdb/*', '@tensorflow/*', 'svelte', 'svelte/*', '**/ui/**', '**/state/**', '**/workers/**'],
          message: 'Pure core: no DuckDB, TF.js or UI here.',
        },
      ]),
    },
  },
  {
    // Privacy helpers are pure: plain values in, plain values out; WebCrypto is a web standard, not a dependency.
    files: ['src/lib/privacy/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: [
            '@duckdb/*',
            '@tensorflow/*',
            'idb',
            'svelte',
            'svelte/*',
            '**/ui/**',
            '**/state/**',
            '**/workers/**',
            '**/storage/**',
          ],
          message: 'Privacy core: no DuckDB, TF.js, storage or UI here.',
        },
      ]),
    },
  },
  {
    // Local storage (IndexedDB via idb) sits beside the core; it never reaches DuckDB, TF.js or the UI.
    files: ['src/lib/storage/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['@duckdb/*', '@tensorflow/*', 'svelte', 'svelte/*', '**/ui/**', '**/state/**', '**/workers/**'],
          message: 'storage: IndexedDB only, no DuckDB, TF.js or UI.',
        },
      ]),
    },
  },
  {
    // Components read results only through the typed readers (lib/ops/<op>/read.ts, lib/explore/),
    // handed the connector by the state-level Query/Reads: no SQL text, no connector in the UI.
    files: ['src/ui/**/*.svelte', 'src/ui/**/*.ts', 'src/App.svelte'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['**/lib/data/sql', '@duckdb/*', '**/lib/data/node-duckdb', '**/lib/data/duckdb-wasm'],
          message: 'The UI reads through the typed readers (lib/ops/<op>/read.ts, lib/explore/) via state/query.',
        },
      ]),
      '@typescript-eslint/no-restricted-imports': restrict([
        {
          group: ['**/lib/data/connector'],
          allowTypeImports: true,
          message: 'Only types from the connector: the UI reads through state/query, never the connector itself.',
        },
      ]),
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(dataSync|arraySync)$/]',
          message: 'Use the async data()/array() reads.',
        },
        {
          selector: 'MemberExpression[property.name="duck"]',
          message: 'Components never hold the DuckDB connector: read through state/query (Query, Reads).',
        },
      ],
    },
  },
  {
    files: ['src/state/**/*.ts'],
    // Sibling runes modules (./x.svelte → x.svelte.ts) are state; components (*.svelte files under ui/) are not.
    rules: {
      'no-restricted-imports': restrict([
        { group: ['**/ui/**', '../**/*.svelte'], message: 'state must not import the UI.' },
      ]),
    },
  },
  {
    // TF.js is loaded by ml/tf-host.ts alone (in the training worker) and handed to model code as `tf`:
    // the model-kind registry is imported by the compute worker and the main thread for its types
    // and transfer lists, and a runtime import anywhere below it would bundle TF.js there too.
    files: ['src/lib/ml/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/lib/ml/tf-host.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@tensorflow/*'],
              allowTypeImports: true,
              message: 'Import TF.js as a type only here; ml/tf-host.ts loads it and passes `tf` in.',
            },
          ],
        },
      ],
    },
  },
  {
    // The load path never reads a source whole: a source can be gigabytes, and DuckDB and
    // parquet-wasm read the file handle lazily. A read is a slice (`file.slice(a, b).arrayBuffer()`),
    // a stream, or one of the bounded reads of data/bounded-read.ts.
    files: ['src/lib/data/**/*.ts', 'src/lib/ops/load/**/*.ts', 'src/lib/recipe/**/*.ts', 'workers/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/lib/data/bounded-read.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(dataSync|arraySync)$/]',
          message: 'Use the async data()/array() reads.',
        },
        {
          selector:
            "CallExpression[callee.property.name=/^(arrayBuffer|text|bytes)$/][arguments.length=0]:not([callee.object.callee.property.name='slice'])",
          message:
            'A whole-file read on the load path: read a slice (file.slice(a, b)), stream it, or use data/bounded-read.ts.',
        },
        {
          selector: "CallExpression[callee.name='readParquet']",
          message: 'readParquet decodes a whole file in memory: stream it with data/parquet-stream.ts.',
        },
      ],
    },
  },
  {
    files: ['workers/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          group: ['**/ui/**', '**/state/**', '**/i18n/**', 'svelte', 'svelte/*'],
          message: 'workers host src/lib only.',
        },
      ]),
    },
  },
  {
    // The UI text stands alone: catalogues and formatters, read by state and ui. An op's own text sits
    // beside its view (ui/ops/<op>/i18n.<lang>.ts, text only) and is hooked into the catalogue here.
    files: ['src/i18n/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([
        {
          regex: '(^|/)ui/(?!ops/[^/]+/i18n\\.(en|zh)$)',
          message: 'src/i18n holds only the UI text and its formatters.',
        },
        {
          group: ['**/state/**', '**/lib/**', '**/workers/**'],
          message: 'src/i18n holds only the UI text and its formatters.',
        },
      ]),
    },
  },
);
