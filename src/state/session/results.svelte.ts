/** What the runs made: the report and the list of tables, and dropping those of steps the recipe no longer has. */
import { listTables, type TableEntry } from '../../lib/data/catalog';
import type { DbConnector } from '../../lib/data/connector';
import type { Report } from '../../lib/recipe/report';
import type { Recipe } from '../../lib/recipe/schema';
import { dropStepTables } from '../../lib/recipe/step-tables';

export class Results {
  report = $state.raw<Report | null>(null);
  tables = $state.raw<TableEntry[]>([]);

  constructor(readonly db: DbConnector) {}

  async refreshTables(): Promise<void> {
    this.tables = await listTables(this.db);
  }

  /** Drop the tables and report entries of the steps of `current` that `next` no longer has. */
  async dropRemoved(current: Recipe, next: Recipe): Promise<void> {
    const gone = current.steps.filter((s) => !next.steps.some((n) => n.id === s.id)).map((s) => s.id);
    for (const id of gone) await dropStepTables(this.db, id);
    if (this.report && gone.length) {
      const steps = { ...this.report.steps };
      for (const id of gone) delete steps[id];
      this.report = { ...this.report, steps };
    }
  }
}
