/** The English catalogue: the source of truth for keys and message signatures (`Messages`). */
import { shell } from './shell';
import { data } from './data';
import { explore } from './explore';
import { features } from './features';
import { mining } from './mining';
import { models } from './models';
import { workflow } from './workflow';
import { terms } from './terms';

export const en = { shell, data, explore, features, mining, models, workflow, terms };

export type Messages = typeof en;
