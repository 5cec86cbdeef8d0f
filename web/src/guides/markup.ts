// The guides' small markup (content the province edits, so never HTML): paragraphs separated by a blank line,
// numbered steps ("1. …"), a list ("- …"), and a paragraph that is only ![alt](/huong-dan/anh/name.png).
export type Block =
  | { type: 'p'; text: string }
  | { type: 'ol'; items: string[] }
  | { type: 'ul'; items: string[] }
  | { type: 'img'; alt: string; src: string };

/** Only the screenshots served with the app; anything else stays text. */
const IMAGE = /^!\[([^\]\n]{1,300})\]\((\/huong-dan\/anh\/[a-z0-9-]{1,60}\.png)\)$/;
const NUMBERED = /^\d{1,2}\.\s+/;
const BULLET = /^[-•]\s+/;

export function parseMarkup(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (lines.length === 0) continue;
    const image = lines.length === 1 ? IMAGE.exec(lines[0] ?? '') : null;
    if (image) blocks.push({ type: 'img', alt: image[1] ?? '', src: image[2] ?? '' });
    else if (lines.every((l) => NUMBERED.test(l)))
      blocks.push({ type: 'ol', items: lines.map((l) => l.replace(NUMBERED, '')) });
    else if (lines.every((l) => BULLET.test(l)))
      blocks.push({ type: 'ul', items: lines.map((l) => l.replace(BULLET, '')) });
    else blocks.push({ type: 'p', text: lines.join(' ') });
  }
  return blocks;
}
