import type { HeaderBlock, SectionBlock } from '@slack/types';
import { expect } from 'vitest';
import { LIMITS, type SlackMessage } from '../src/limits';

/** Assert every documented Slack limit on a message. */
export function expectWithinLimits(m: SlackMessage): void {
  expect(m.blocks.length).toBeGreaterThan(0);
  expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(LIMITS.messageText);
  for (const b of m.blocks) {
    if (b.type === 'header')
      expect((b as HeaderBlock).text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'section') {
      const s = b as SectionBlock;
      if (s.text) expect(s.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect((s.fields ?? []).length).toBeLessThanOrEqual(LIMITS.sectionFields);
      for (const f of s.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
    }
    if (b.type === 'context') {
      const els = (b as { elements: Array<{ text?: string }> }).elements;
      expect(els.length).toBeLessThanOrEqual(LIMITS.contextElements);
      for (const e of els) expect((e.text ?? '').length).toBeLessThanOrEqual(LIMITS.contextText);
    }
  }
}
