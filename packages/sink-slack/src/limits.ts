import type { ContextBlock, HeaderBlock, KnownBlock, SectionBlock, TextObject } from '@slack/types';
import { truncate } from './text';

/** Slack's documented message limits. */
export const LIMITS = {
  /** Blocks per message. */
  blocks: 50,
  /** `text` of a section block. */
  sectionText: 3000,
  /** Fields of a section block. */
  sectionFields: 10,
  /** Each section field's text. */
  fieldText: 2000,
  /** Header block text (plain text). */
  headerText: 150,
  /** Elements of a context block. */
  contextElements: 10,
  /** Text of a context element (a text object). */
  contextText: 3000,
  /** The message's top-level `text` (Slack truncates longer messages). */
  messageText: 40_000,
} as const;

/** A message as posted: fallback `text` (notifications, screen readers) and Block Kit `blocks`. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Bring any message within Slack's limits: long texts are cut with `…`, extra fields/elements dropped, and
 * blocks beyond 50 replaced by a final context block saying how many were left out ("…and N more").
 */
export function enforceLimits(message: SlackMessage): SlackMessage {
  let blocks = message.blocks.map(limitBlock);
  if (blocks.length > LIMITS.blocks) {
    const dropped = blocks.length - (LIMITS.blocks - 1);
    blocks = [
      ...blocks.slice(0, LIMITS.blocks - 1),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${dropped} more block(s) not shown` }] },
    ];
  }
  return { text: truncate(message.text || ' ', LIMITS.messageText), blocks };
}

function limitBlock(block: KnownBlock): KnownBlock {
  switch (block.type) {
    case 'header':
      return {
        ...block,
        text: { ...block.text, text: truncate(block.text.text, LIMITS.headerText) },
      } as HeaderBlock;
    case 'section': {
      const s = { ...block } as SectionBlock;
      if (s.text) s.text = limitText(s.text, LIMITS.sectionText);
      if (s.fields)
        s.fields = s.fields.slice(0, LIMITS.sectionFields).map((f) => limitText(f, LIMITS.fieldText));
      return s;
    }
    case 'context': {
      const c = { ...block } as ContextBlock;
      c.elements = c.elements
        .slice(0, LIMITS.contextElements)
        .map((e) =>
          'text' in e && typeof e.text === 'string' ? limitText(e as TextObject, LIMITS.contextText) : e,
        );
      return c;
    }
    default:
      return block;
  }
}

function limitText<T extends TextObject>(t: T, max: number): T {
  return { ...t, text: truncate(t.text, max) };
}
