// How long the live editor's official numbering (static/src/lines.js) takes to
// renumber a whole document, which it does on every change: the real charter's
// versions joined and cut to 50 KB, 200 KB and 1 MB. One JSON line per size:
// {"bench": "lines", "bytes": ..., "lines": ..., "median_ms": ..., "p95_ms": ...}.
// Run: node bench/lines.mjs [path to constitution-history/versions]
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { numberLines } from '../static/src/lines.js'

const dir = process.argv[2] || new URL('../../shared/data/constitution-history/versions', import.meta.url).pathname
const versions = readdirSync(dir).filter((f) => /^v.*\.txt$/.test(f)).sort()
  .map((f) => readFileSync(join(dir, f), 'utf8'))
const all = versions.join('\n')

for (const size of [50_000, 200_000, 1_000_000]) {
  const text = all.repeat(Math.ceil(size / all.length)).slice(0, size)
  const times = []
  let lines = 0
  for (let i = 0; i < 60; i++) {
    const edited = text.slice(0, size / 2) + (i % 5 ? 'x' : ' ') + text.slice(size / 2) // one keystroke
    const t0 = performance.now()
    lines = numberLines(edited).starts.length
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const at = (q) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2))
  console.log(JSON.stringify({ bench: 'lines', bytes: size, lines, median_ms: at(0.5), p95_ms: at(0.95) }))
}
