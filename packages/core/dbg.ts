import { pipeline } from './src/pipeline/pipeline';
import { filesSource } from './src/sources/files/files-source';
import { loadRules, defaultDetectors, not, pattern } from './src/index';
const rules = await loadRules('cis,threats');
try { await pipeline().from(filesSource({ paths: 'test/fixtures/real' })).filter(not(pattern('{ $.eventName = "Describe*" }'))).detect([rules, defaultDetectors()]).to({ name: 'c', write: async () => {} }).run({ workers: 3, onInvalid: 'skip' }); } catch (e) { console.log(String(e)); }
