import { packageConfig } from '../../tsup.base';

export default packageConfig({ entry: { index: 'src/index.ts', 'plugin/index': 'src/plugin/index.ts' } });
