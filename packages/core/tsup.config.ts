import { packageConfig } from '../../tsup.base';

export default packageConfig({
  entry: {
    index: 'src/index.ts',
    'plugin/index': 'src/plugin/index.ts',
    // the pipeline's worker threads load it from beside the package (see src/pipeline/workers/worker-entry.ts)
    'pipeline-worker': 'src/pipeline/workers/pipeline-worker.ts',
  },
});
