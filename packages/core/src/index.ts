/**
 * @trailkit/core: CloudTrail event types, streaming parser, filters, detection rules, the pipeline
 * builder, the local-files source and the file checkpoint store.
 * @packageDocumentation
 */

// --- events and origins
export type {
  DigestFile,
  EventCategory,
  EventType,
  JsonObject,
  JsonValue,
  SessionContext,
  SessionIssuer,
  TlsDetails,
  TrailEvent,
  TrailResource,
  UserIdentity,
  UserIdentityType,
} from './event/trail-event';
export { getOrigin, setOrigin, type EventOrigin } from './event/origin';
export { eventTimeMillis, eventTimeText, eventTimeWithin } from './event/event-time';
export { hasRequiredFields } from './event/required-fields';

// --- errors
export {
  CheckpointError,
  ConfigError,
  ParseError,
  PatternSyntaxError,
  RuleValidationError,
  SinkError,
  SourceError,
  TrailkitError,
  type ParseErrorCode,
} from './errors';

// --- contracts
export type {
  CheckpointStore,
  Logger,
  Position,
  ReadContext,
  Sink,
  Source,
  SourceBatch,
  WriteContext,
} from './contracts';
export type { EventFilter, FilterLike } from './filters/types';
export {
  SEVERITIES,
  type Detector,
  type Finding,
  type Rule,
  type RuleMeta,
  type RuleTest,
  type AttackMapping,
  type Severity,
} from './rules/types';

// --- parser (owned by the parser work)
export type { ByteInput, ParseOptions } from './parser/types';
export { parse } from './parser/parse';
export { parseDigest } from './parser/parse-digest';
export { parseRecord, type RecordLocation, type RecordOptions } from './parser/parse-record';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_KEYS, MAX_DEPTH_CAP } from './parser/limits';
export {
  DEFAULT_CHECKS,
  recordFault,
  type RecordChecks,
  type RecordFault,
} from './parser/check-record';

// --- pipeline, checkpoints, files source (owned by the pipeline work)
export { pipeline, type Pipeline } from './pipeline/pipeline';
export type {
  DeadLetter,
  ItemFilter,
  RetryPolicy,
  RunOptions,
  RunSummary,
  SinkStats,
} from './pipeline/types';
export { getRunSummary, type RunFailure } from './pipeline/run-failure';
export { fileCheckpoint, type FileCheckpointOptions } from './checkpoint/file-checkpoint';
export { memoryCheckpoint, type MemoryCheckpointStore } from './checkpoint/memory-checkpoint';
export { retry, type RetryOptions } from './util/retry';
export { backoffDelay, type BackoffOptions } from './util/backoff';
export { sleep } from './util/sleep';
export { parseRetryAfter } from './util/retry-after';
export { noopLogger } from './util/noop-logger';
export { RecentIds } from './util/recent-ids';
export { defineSink, type SinkSpec } from './util/define-sink';
export { batchSink, type BatchSinkOptions } from './util/batch-sink';
export { filesSource } from './sources/files/files-source';
export type { FilesSourceOptions } from './sources/files/options';
export type { FilesPosition } from './sources/files/position';

// --- filters: where(), pattern() (owned by the filters work)
export {
  pattern,
  patternForm,
  type PatternForm,
  type PatternText,
} from './filters/pattern';
export type {
  PatternAll,
  PatternAnd,
  PatternCheck,
  PatternComparison,
  PatternDelimited,
  PatternDelimitedField,
  PatternFieldCondition,
  PatternNot,
  PatternTerm,
  PatternNode,
  PatternNumericComparison,
  PatternOr,
  PatternSelector,
  PatternValue,
} from './filters/pattern-ast';
export { parsePattern, MAX_REGEX_PER_PATTERN } from './filters/pattern-parser';
export { DEFAULT_PATTERN_LIMITS, type PatternLimits } from './filters/pattern-limits';
export { splitDelimited, type ExtractedValues } from './filters/delimited-pattern-compile';
export {
  FilterPattern,
  JsonPattern,
  SpaceDelimitedTextPattern,
  type LogPattern,
} from './filters/filter-pattern-builder';
export { where, WHERE_KEYS, type TimeBound, type WhereCriteria } from './filters/where';
export type { StringCondition, StringMatch } from './filters/string-condition';
export { allOf, anyOf, not, toPredicate } from './filters/combinators';
export { filterHints, type FilterHints } from './filters/filter-hints';

// --- rules, rule packs, detectors (owned by the rules work)
export { toDetectors, compileMatch, makeFinding, type DetectionInput } from './rules/to-detector';
export { indexDetectors, type DetectorIndex, type IndexDetectorsOptions } from './rules/detector-index';
export { findingId, type FindingDetails } from './rules/finding';
export { describeAction, describeActor, principalOf, summarizeEvent } from './rules/describe-event';
export {
  cisRules,
  CIS_BENCHMARK_VERSION,
  CIS_CONSOLE_SIGNIN_WITHOUT_MFA_SSO_PATTERN,
} from './rules/packs/cis';
export { threatRules } from './rules/packs/threats';
export {
  rulePack,
  loadRules,
  RULE_PACK_NAMES,
  type LoadRulesOptions,
  type RulePackName,
} from './rules/rule-pack';
export {
  parseRules,
  loadRuleFile,
  type LoadRuleFileOptions,
  type ParseRulesOptions,
} from './rules/rule-file';
export {
  DEFAULT_RULE_FILE_LIMITS,
  MAX_THRESHOLD_COUNT,
  MAX_THRESHOLD_KEYS,
  MAX_WINDOW_SECONDS,
  type RuleFileLimits,
} from './rules/rule-limits';
export { RULE_SCHEMA } from './rules/rule-schema';
export { runRuleTests, type RuleTestResult, type RunRuleTestsOptions } from './rules/rule-tests';
export { attackFromTags, TECHNIQUE_TACTICS } from './rules/attack';
export { ruleMeta } from './rules/to-detector';
export { parseSigmaRules, looksLikeSigma, type ParseSigmaOptions } from './rules/sigma/sigma-file';
export { compileSigmaRule, type SigmaDetector } from './rules/sigma/sigma-rule';
export { attackFromSigmaTags } from './rules/sigma/sigma-attack';
export { SigmaUnsupportedError } from './rules/sigma/sigma-errors';
export { SIGMA_MODIFIERS } from './rules/sigma/sigma-field';
export { STRING_FIELDS } from './rules/sigma/sigma-pattern';
export { SIGMA_CORRELATION_TYPES } from './rules/sigma/sigma-correlation';
export { thresholdDetector, type ThresholdOptions } from './rules/threshold-detector';
export {
  consoleLoginBurstDetector,
  type ConsoleLoginBurstOptions,
} from './rules/console-login-burst-detector';
export { anomalyDetector, type AnomalyOptions } from './rules/anomaly-detector';
export { defaultDetectors, type DefaultDetectorsOptions } from './rules/default-detectors';
export type { GroupBy } from './rules/group-key';

// --- response
export {
  actionSink,
  type ActionContext,
  type ActionHandler,
  type ActionSinkOptions,
} from './response/action-sink';
export { respond } from './response/respond';
export { ActionError, type ActionFailure } from './response/errors';
