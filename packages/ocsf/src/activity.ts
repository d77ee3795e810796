/**
 * The CRUD verb of a CloudTrail call, as the OCSF API Activity `activity_id`: the published CloudTrail
 * mapping (OCSF examples repository) reads it from the verb that starts `eventName`.
 */
import type { TrailEvent } from '@trailkit/core';

/** An API Activity `activity_id` and its caption. */
export interface Activity {
  /** 1 Create, 2 Read, 3 Update, 4 Delete, 99 Other. */
  id: 1 | 2 | 3 | 4 | 99;
  name: 'Create' | 'Read' | 'Update' | 'Delete' | 'Other';
}

/** The verbs of each activity (the published mapping's lists). */
export const ACTIVITY_VERBS: Readonly<Record<'Create' | 'Read' | 'Update' | 'Delete', readonly string[]>> = {
  Create: ['Create', 'Run', 'Generate'],
  Read: ['Get', 'List', 'Describe', 'Search', 'Lookup'],
  Update: [
    'Update',
    'Put',
    'Modify',
    'Add',
    'Remove',
    'Start',
    'Stop',
    'Attach',
    'Detach',
    'Associate',
    'Disassociate',
    'Tag',
    'Untag',
    'Enable',
    'Disable',
    'Register',
    'Deregister',
  ],
  Delete: ['Delete', 'Terminate'],
};

const IDS = { Create: 1, Read: 2, Update: 3, Delete: 4 } as const;

/** Verb → activity, longest verb first (so `Disassociate` is not read as `Disable`, nor `Untag` as nothing). */
const BY_VERB: ReadonlyArray<[string, Activity]> = Object.entries(ACTIVITY_VERBS)
  .flatMap(([name, verbs]) =>
    verbs.map((v): [string, Activity] => [v, { id: IDS[name as keyof typeof IDS], name } as Activity]),
  )
  .sort(([a], [b]) => b.length - a.length);

const OTHER: Activity = { id: 99, name: 'Other' };
const READ: Activity = { id: 2, name: 'Read' };

/**
 * The activity of an event: the verb `eventName` starts with, as a whole word (`GetObject` is Read,
 * `Getaway` is not; `DeleteBucket` is Delete). A name with no known verb is Other, unless the event says it
 * is `readOnly` (then Read).
 */
export function activityOf(event: TrailEvent): Activity {
  const name = event.eventName;
  if (typeof name === 'string') {
    for (const [verb, activity] of BY_VERB) {
      if (!name.startsWith(verb)) continue;
      const next = name.charCodeAt(verb.length);
      // the verb ends the name, or the next word starts (an upper-case letter or a digit)
      if (Number.isNaN(next) || (next >= 65 && next <= 90) || (next >= 48 && next <= 57)) return activity;
    }
  }
  return event.readOnly === true ? READ : OTHER;
}
