/**
 * The CDK app: `pnpm --filter @trailkit-examples/lambda-cdk bundle` builds dist/, then
 * `npx cdk deploy --app "node --conditions=source --import tsx src/app.ts"` (or `pnpm synth` to write
 * cdk.out/ without an AWS account). Context: `-c apply=true` turns the automated response on.
 */
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AutoResponseStack } from './auto-response-stack';
import { TrailWorkerStack } from './trail-worker-stack';

const dist = (name: string) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

const app = new App();
new TrailWorkerStack(app, 'TrailkitTrailWorker', { code: lambda.Code.fromAsset(dist('trail-worker')) });
new AutoResponseStack(app, 'TrailkitAutoResponse', {
  code: lambda.Code.fromAsset(dist('auto-response')),
  apply: app.node.tryGetContext('apply') === 'true',
});
app.synth();
