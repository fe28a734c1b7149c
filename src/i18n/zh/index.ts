/** 简体中文: every key and message signature of the English catalogue (TypeScript checks both ways). */
import type { Messages } from '../en';
import { shell } from './shell';
import { data } from './data';
import { explore } from './explore';
import { features } from './features';
import { mining } from './mining';
import { models } from './models';
import { workflow } from './workflow';
import { terms } from './terms';
import { zh as abTest } from '../../ui/ops/ab-test/i18n.zh';
import { zh as compareSegments } from '../../ui/ops/compare-segments/i18n.zh';
import { zh as paths } from '../../ui/ops/paths/i18n.zh';
import { zh as anomalies } from '../../ui/ops/anomalies/i18n.zh';

export const zh: Messages = {
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
