/** A representative handler for the bundle benchmark: SQS notifications → CIS and threat rules → a sink. */
import { cisRules, defineSink, pipeline, threatRules } from '@trailkit/core';
import { keepOpen, sqsHandler } from '../src/index';

const findings = defineSink({
  name: 'stdout',
  write: async (items) => {
    for (const item of items) process.stdout.write(`${JSON.stringify(item)}\n`);
  },
});

export const handler = sqsHandler({
  pipeline: pipeline()
    .detect([...cisRules(), ...threatRules()])
    .to(keepOpen(findings)),
  clientConfig: { region: process.env.AWS_REGION ?? 'us-east-1' },
});
