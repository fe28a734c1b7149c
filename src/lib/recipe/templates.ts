/** The scenario templates: ready recipes under public/samples/, runnable on the sample data and, after role mapping, on yours. */
export interface Template {
  id: string;
  title: string;
  question: string;
  url: string;
}

export const TEMPLATES: Template[] = [
  { id: 'ecommerce', title: 'E-commerce recommendation', question: 'Which items sell together, and what should each customer see next?', url: '/samples/ecommerce.recipe.json' },
  { id: 'similar-items', title: 'Similar items', question: 'For any product, which others go with it, and how do customers move through the shop?', url: '/samples/similar-items.recipe.json' },
  { id: 'retention', title: 'Customer retention', question: 'Who is drifting away, what are they worth, and who should we win back first?', url: '/samples/retention.recipe.json' },
  { id: 'credit', title: 'Financial credit', question: 'Which card holders will default, and is the model fair across age groups?', url: '/samples/credit.recipe.json' },
];
