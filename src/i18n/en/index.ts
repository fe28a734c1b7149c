/** The English catalogue: the source of truth for keys and message signatures (`Messages`). */
import { shell } from './shell';
import { data } from './data';
import { explore } from './explore';
import { features } from './features';
import { mining } from './mining';
import { models } from './models';
import { workflow } from './workflow';
import { terms } from './terms';
import { en as abTest } from '../../ui/ops/ab-test/i18n.en';
import { en as compareSegments } from '../../ui/ops/compare-segments/i18n.en';
import { en as paths } from '../../ui/ops/paths/i18n.en';
import { en as anomalies } from '../../ui/ops/anomalies/i18n.en';

export const en = {
  shell,
  data,
  explore,
  features,
  mining,
  models,
  workflow,
  terms,
  abTest,
  compareSegments,
  paths,
  anomalies,
};

export type Messages = typeof en;
