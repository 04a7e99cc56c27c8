// The assembly's official line numbering, exactly as amendments/engine/lines.py
// computes it: each paragraph line is wrapped greedily at `width` characters
// (spaces at a break stay on the earlier line) and every display line is
// numbered from 1. Pure functions, no DOM: tests run them in Node against
// tests/vectors/lines.json, which Python generates.
//
// Offsets here are UTF-16 code units (JavaScript's and CodeMirror's), but the
// width counts code points as Python's len() does, so an emoji counts once.

export const LINE_WIDTH = 80

/** Python's str.isspace() / re's \s for one UTF-16 unit (every such code point is in the BMP). */
export function isSpace (c) {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f)
  if (c < 0x85) return false
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
}

/** Push onto `out` where text[from, to) (one paragraph line, no newline) breaks:
 * the start of each official line after its first. Mirrors lines.py `_wrap`. */
export function wrapInto (text, from, to, width, out) {
  let i = from
  let cp = 0 // code points from `from` to `i`
  while (i < to && isSpace(text.charCodeAt(i))) { i++; cp++ }
  const lead = cp
  let start = 0 // code point where the current display line starts
  let curEnd = 0 // end of the last word on the current line (excluding its spaces)
  while (i < to) {
    const wordAt = i
    const wordAtCp = cp
    while (i < to) {
      const c = text.charCodeAt(i)
      if (isSpace(c)) break
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < to) {
        const d = text.charCodeAt(i + 1)
        if (d >= 0xdc00 && d < 0xe000) i++ // a surrogate pair is one code point
      }
      i++
      cp++
    }
    if (cp - start > width && curEnd > start && curEnd > lead) {
      out.push(wordAt)
      start = wordAtCp
    }
    curEnd = cp
    while (i < to && isSpace(text.charCodeAt(i))) { i++; cp++ }
  }
  return out
}

/** Every official line of `text` as parallel arrays of UTF-16 offsets
 * (`ends` exclude the newline), like lines.py `number_lines`. */
export function numberLines (text, width = LINE_WIDTH) {
  if (!(width >= 1)) throw new RangeError('width must be positive')
  const starts = []
  const ends = []
  const breaks = []
  let from = 0
  for (;;) {
    const nl = text.indexOf('\n', from)
    const to = nl < 0 ? text.length : nl
    starts.push(from)
    breaks.length = 0
    wrapInto(text, from, to, width, breaks)
    for (const b of breaks) {
      ends.push(b)
      starts.push(b)
    }
    ends.push(to)
    if (nl < 0) break
    from = nl + 1
    if (from === text.length) break // a final newline ends the last line; it does not start a new one
  }
  return { starts, ends }
}

/** 1-based official line holding `offset` (a newline belongs to the line it ends). */
export function lineOf (starts, offset) {
  let lo = 0
  let hi = starts.length
  while (lo < hi) { // bisect_right
    const mid = (lo + hi) >> 1
    if (starts[mid] <= offset) lo = mid + 1
    else hi = mid
  }
  return Math.max(1, lo)
}

/** Lines [from, to] that text[start, end) touches, as lines.py `LineIndex.cite`. */
export function cite (starts, start, end) {
  const first = lineOf(starts, start)
  if (start >= end) return [first, first]
  return [first, Math.max(first, lineOf(starts, end - 1))]
}
