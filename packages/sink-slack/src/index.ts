/**
 * @trailkit/sink-slack: post trailkit findings (and CloudTrail events) to Slack as Block Kit messages,
 * grouped, rate limited and within Slack's size limits; the pipeline retries what was not delivered.
 * @packageDocumentation
 */
export { slackSink } from './slack-sink';
export type { SlackSinkOptions, SlackTarget } from './options';
export type { GroupBy, SlackTemplate } from './compose';
export { LIMITS as SLACK_LIMITS, enforceLimits, type SlackMessage } from './limits';
export { consoleEventUrl } from './console-link';
export { SlackError, type SlackErrorCode } from './errors';
