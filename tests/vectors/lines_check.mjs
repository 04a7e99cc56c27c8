// Runs static/src/lines.js on cases read as JSON from stdin and prints what it
// numbers, in code points, for tests/unit/engine/test_lines_js.py to compare
// with lines.py. Input: {cases: [{text, width, cites: [[start, end], ...]}]}.
// Output: {results: [{spans: [[start, end], ...], cites: [[from, to], ...]}], spaces: [code points]}.
import { readFileSync } from 'node:fs'
import { numberLines, cite, isSpace } from '../../static/src/lines.js'

/** unit[i] = UTF-16 offset of code point i (and of the end, at cps). */
function unitsOfCodePoints (text) {
  const units = []
  for (let i = 0; i < text.length; i++) {
    units.push(i)
    const c = text.charCodeAt(i)
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d < 0xe000) i++
    }
  }
  units.push(text.length)
  return units
}

function codePointOf (units) {
  const cp = new Map()
  units.forEach((u, i) => cp.set(u, i))
  return (u) => {
    if (!cp.has(u)) throw new Error(`offset ${u} splits a surrogate pair`)
    return cp.get(u)
  }
}

const input = JSON.parse(readFileSync(0, 'utf8'))
const results = input.cases.map(({ text, width, cites }) => {
  const units = unitsOfCodePoints(text)
  const cpOf = codePointOf(units)
  const { starts, ends } = numberLines(text, width)
  return {
    spans: starts.map((s, i) => [cpOf(s), cpOf(ends[i])]),
    cites: (cites || []).map(([a, b]) => cite(starts, units[a], units[b]))
  }
})
const spaces = []
for (let c = 0; c < 0x10000; c++) if (isSpace(c)) spaces.push(c)
process.stdout.write(JSON.stringify({ results, spaces }))
