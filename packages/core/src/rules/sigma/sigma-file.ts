import { parseAllDocuments } from 'yaml';
import { RuleValidationError } from '../../errors';
import { compileSigmaCorrelation } from './sigma-correlation';
import {
  compileSigmaRule,
  isSigmaDocument,
  ruleTests,
  type SigmaDetector,
  sigmaMeta,
  sigmaWhere,
} from './sigma-rule';
import { SigmaUnsupportedError } from './sigma-errors';

/** Options of {@link parseSigmaRules}. */
export interface ParseSigmaOptions {
  /** The file name, used in errors and as each rule's `source` (default `sigma`). */
  file?: string;
  /**
   * Called with each rule that uses an unsupported construct, instead of throwing: the rest of the file
   * still loads. Without it, the first such rule throws.
   */
  onUnsupported?: (error: SigmaUnsupportedError) => void;
}

/** The YAML documents of a text, or undefined when it is not YAML. */
export function yamlDocuments(text: string): unknown[] | undefined {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return undefined;
  if (docs.some((d) => d.errors.length > 0)) return undefined;
  return docs.map((d) => d.toJSON());
}

/** True when a text holds Sigma rules (a YAML document with `detection` or `correlation`). */
export function looksLikeSigma(text: string): boolean {
  if (!/^(detection|correlation)\s*:/m.test(text)) return false;
  return (yamlDocuments(text) ?? []).some(isSigmaDocument);
}

/**
 * Compile the Sigma rules of a YAML text (one rule, or several as `---`-separated documents; a document
 * holding only `action: global` or other shared fields is not supported). See `compileSigmaRule`.
 * @throws SigmaUnsupportedError (unless `onUnsupported` is given) or RuleValidationError, naming the file
 * and the rule.
 */
export function parseSigmaRules(text: string, options: ParseSigmaOptions = {}): SigmaDetector[] {
  const file = options.file ?? 'sigma';
  let docs: unknown[] | undefined;
  try {
    docs = yamlDocuments(text);
  } catch (error) {
    throw new RuleValidationError(file, `not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (docs === undefined) throw new RuleValidationError(file, 'not valid YAML');
  const out: Array<SigmaDetector | undefined> = [];
  /** Rules by `name` and by `id`, for correlations. */
  const byRef = new Map<string, SigmaDetector>();
  const correlations: number[] = [];
  const handle = (error: unknown) => {
    if (options.onUnsupported && SigmaUnsupportedError.isInstance(error)) options.onUnsupported(error);
    else throw error;
  };
  docs.forEach((doc, index) => {
    out.push(undefined);
    if (doc === null || doc === undefined) return;
    try {
      if (!isSigmaDocument(doc)) {
        const action = (doc as { action?: unknown }).action;
        throw new SigmaUnsupportedError(
          `${file}: Sigma document #${index + 1}`,
          action !== undefined
            ? `"action: ${String(action)}" (rule collections)`
            : 'a document without "detection"',
        );
      }
      const d = doc as Record<string, unknown>;
      if (d.correlation !== undefined) {
        correlations.push(index);
        return;
      }
      const rule = compileSigmaRule(d, file, index);
      out[index] = rule;
      byRef.set(rule.id, rule);
      if (typeof d.name === 'string') byRef.set(d.name, rule);
    } catch (error) {
      handle(error);
    }
  });
  // correlations: over rules of this file; the rules they use raise no findings of their own unless
  // the correlation says `generate: true`
  const silenced = new Set<SigmaDetector>();
  for (const index of correlations) {
    const doc = docs[index] as Record<string, unknown>;
    const where = sigmaWhere(doc, file, index);
    try {
      const meta = sigmaMeta(doc, file, index, where);
      const detector = compileSigmaCorrelation(doc, meta, byRef, where);
      const tests = ruleTests(doc.tests, where);
      out[index] = tests ? { ...detector, tests } : detector;
      const c = doc.correlation as Record<string, unknown>;
      if (c.generate !== true) {
        for (const r of Array.isArray(c.rules) ? c.rules : [c.rules]) {
          const base = byRef.get(String(r));
          if (base) silenced.add(base);
        }
      }
    } catch (error) {
      handle(error);
    }
  }
  return out.filter((r): r is SigmaDetector => r !== undefined && !silenced.has(r));
}
