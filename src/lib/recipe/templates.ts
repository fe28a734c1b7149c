/**
 * The scenario templates: ready recipes under public/samples/, runnable on the sample data and, after role mapping, on yours.
 * Their titles, questions and descriptions are UI text (the `workflow.templates` catalogue, by id).
 */
export interface Template {
  id: string;
  url: string;
}

export const TEMPLATES: Template[] = [
  { id: 'ecommerce', url: '/samples/ecommerce.recipe.json' },
  { id: 'similar-items', url: '/samples/similar-items.recipe.json' },
  { id: 'retention', url: '/samples/retention.recipe.json' },
  { id: 'credit', url: '/samples/credit.recipe.json' },
];
