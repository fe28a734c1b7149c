/** Loading data: local files, a source read again in another encoding, the bundled samples. Steps are not run. */
import type { Encoding } from '../../lib/data/encoding';
import { nameFromFile, upsertSource } from '../../lib/recipe/edit';
import type { Report } from '../../lib/recipe/report';
import type { Recipe } from '../../lib/recipe/schema';
import { recordDetectedEncodings, withEncoding } from '../../lib/recipe/source-encoding';
import type { RecipeHistory } from './history.svelte';
import type { Runs } from './runs.svelte';

export class Sources {
  constructor(
    private readonly runs: Runs,
    private readonly history: RecipeHistory,
    private readonly fetchRecipe: (url: string) => Promise<Recipe | undefined>,
  ) {}

  /** Local files become sources; tables already loaded stay as they are if one fails. */
  async addFiles(files: Iterable<File>): Promise<Report | undefined> {
    let recipe = this.history.recipe;
    const byName: Record<string, Blob> = {};
    for (const file of files) {
      // A file with the name of a loaded table replaces it (only once it has loaded fine).
      const name = nameFromFile(file.name, Object.keys(byName));
      byName[name] = file;
      recipe = upsertSource(recipe, { name, file: file.name });
    }
    const report = await this.runs.run(recipe, { files: byName, only: [] });
    if (report?.status === 'ok') {
      this.history.recipe = recordDetectedEncodings(this.history.recipe, report, Object.keys(byName));
    }
    return report;
  }

  /** Whether source `name` has a local file here (so it can be read again, e.g. in another encoding). */
  hasFile(name: string): boolean {
    return this.runs.files.has(name);
  }

  /** Read source `name` again in `encoding` (undefined: detect it); the table stays as it was if that fails. */
  async setEncoding(name: string, encoding: Encoding | undefined): Promise<Report | undefined> {
    const file = this.runs.files.get(name);
    if (!file) return undefined;
    return this.runs.run(withEncoding(this.history.recipe, name, encoding), { files: { [name]: file }, only: [] });
  }

  /** The bundled sample data set (same origin), without running its steps. */
  async loadSamples(recipeUrl = '/samples/demo.recipe.json'): Promise<Report | undefined> {
    const recipe = await this.fetchRecipe(recipeUrl);
    if (!recipe) return undefined;
    let merged = this.history.recipe;
    for (const s of recipe.sources) merged = upsertSource(merged, s);
    return this.runs.run(merged, { recipeUrl: new URL(recipeUrl, location.href).href, only: [] });
  }
}
