// Lengths as a person counts them: one emoji, one flag or one accented letter is one character,
// whatever number of UTF-16 code units it takes.

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function characterCount(text: string): number {
  // Fast path: pure ASCII has one character per code unit.
  if (/^[\x00-\x7f]*$/.test(text)) return text.length;
  let count = 0;
  for (const _ of segmenter.segment(text)) count++;
  return count;
}
