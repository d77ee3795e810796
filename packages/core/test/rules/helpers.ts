import type { TrailEvent } from '../../src/event/trail-event';
import { toDetectors } from '../../src/rules/to-detector';
import type { Rule } from '../../src/rules/types';
import { derive, findReal } from './fixtures';

/** The first real record with this eventName (and optional extra condition). */
export function real(eventName: string, pred: (e: TrailEvent) => boolean = () => true): TrailEvent {
  return findReal((e) => e.eventName === eventName && pred(e));
}

/** A synthetic record: a real one with a new eventSource/eventName and extra changes. */
export function synth(
  base: TrailEvent,
  eventSource: string,
  eventName: string,
  change: (e: TrailEvent) => void = () => {},
): TrailEvent {
  return derive(base, (e) => {
    e.eventSource = eventSource;
    e.eventName = eventName;
    e.errorCode = undefined;
    delete e.errorCode;
    delete e.errorMessage;
    change(e);
  });
}

/** Does this rule (compiled through toDetectors, like the pipeline) fire on this event? */
export function fires(rule: Rule, event: TrailEvent): boolean {
  const [detector] = toDetectors(rule);
  return (detector!.process(event)?.length ?? 0) > 0;
}

/** True-positive and true-negative cases of one rule. */
export interface RuleCases {
  tp: Array<[string, () => TrailEvent]>;
  tn: Array<[string, () => TrailEvent]>;
}
