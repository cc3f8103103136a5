// Every area of the console, in menu order.
import type { Area } from './area.js';
import { dashboard } from './dashboard.js';
import { inbox } from './inbox.js';
import { handovers } from './handovers.js';
import { inspections } from './inspections.js';
import { circulars } from './circulars.js';
import { cases } from './cases.js';
import { holdings } from './holdings.js';
import { documents } from './documents.js';
import { admin } from './admin.js';
import { audit } from './audit.js';
import { incidents } from './incidents.js';
import { alerts } from './alerts.js';
import { continuity } from './continuity.js';

export const AREAS: Area[] = [
  dashboard,
  inbox,
  handovers,
  inspections,
  circulars,
  cases,
  incidents,
  alerts,
  continuity,
  holdings,
  documents,
  admin,
  audit,
];
