import type { KnownBlock, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { enforceLimits, LIMITS } from './limits';

describe('enforceLimits', () => {
  it('cuts texts, fields and blocks to Slack limits and says what was left out', () => {
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: 'H'.repeat(400) } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 's'.repeat(5000) },
        fields: Array.from({ length: 14 }, () => ({ type: 'mrkdwn' as const, text: 'f'.repeat(2500) })),
      },
      {
        type: 'context',
        elements: Array.from({ length: 12 }, () => ({ type: 'mrkdwn' as const, text: 'c'.repeat(3500) })),
      },
      ...Array.from({ length: 80 }, (_, i) => ({ type: 'divider' as const, block_id: `d${i}` })),
    ];
    const out = enforceLimits({ text: 't'.repeat(50_000), blocks });
    expect(out.blocks).toHaveLength(LIMITS.blocks);
    expect(out.text.length).toBe(LIMITS.messageText);
    expect(out.text.endsWith('…')).toBe(true);
    const header = out.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBe(LIMITS.headerText);
    const section = out.blocks[1] as SectionBlock;
    expect(section.text?.text.length).toBe(LIMITS.sectionText);
    expect(section.fields).toHaveLength(10);
    for (const f of section.fields ?? []) expect(f.text.length).toBe(LIMITS.fieldText);
    const context = out.blocks[2] as { elements: Array<{ text: string }> };
    expect(context.elements).toHaveLength(10);
    for (const e of context.elements) expect(e.text.length).toBeLessThanOrEqual(LIMITS.contextText);
    const last = out.blocks.at(-1) as { type: string; elements: Array<{ text: string }> };
    expect(last.type).toBe('context');
    // 83 blocks in, 49 kept, the 50th says how many are missing.
    expect(last.elements[0]?.text).toBe('…and 34 more block(s) not shown');
  });
  it('leaves a message within limits unchanged', () => {
    const msg = {
      text: 'hi',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x' } }] as KnownBlock[],
    };
    expect(enforceLimits(msg)).toEqual(msg);
  });
});
