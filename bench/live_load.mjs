// Load generator for bench/live.py: many co-editing peers in one Node process
// (async I/O, so one process holds hundreds; the Python generator this replaces
// saturated from ~50 peers and then measured itself, not the server).
//
//   node bench/live_load.mjs job.json
//
// job: {kind: "refound"|"yjs-node", url, room, peers: [{token, editor, observe}],
//       start (epoch ms), seconds, rate, seed, awareness, settle (s of quiet, default 3)}
// Prints one JSON object on stdout; times are epoch ms (see `now`).
import { readFileSync, writeFileSync } from 'node:fs'
import inspector from 'node:inspector'
import { createHash } from 'node:crypto'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as prng from 'lib0/prng'
import { RefoundPeer, YwsPeer, now } from './live_load_peers.mjs'
import { LeanViewer } from './live_load_viewer.mjs'

const CONNECT_AT_ONCE = 8 // concurrent connects: enough to be quick, few enough not to be a storm
const WAIT_MS = 60000 // for acks, then for the broadcasts to stop
const LAG_RESOLUTION_MS = 10 // the histogram records the whole interval: subtract it
// Typed one character at a time; mixed scripts, so UTF-16 offsets (Yjs) differ
// from UTF-8 bytes (the server). Only the Basic Multilingual Plane: then no
// position can split a surrogate pair, and a keystroke needs the text's length
// (O(1)) rather than the text (a walk over every item: with 100 editors on a
// 10,000-item text that walk, not the server, took this machine's CPU). The
// Python convergence tests cover astral characters and grapheme clusters.
const TYPED = [...'abcdefghij klmnop ŵŷ ß 日本 ש ع']
// Chance that a keystroke lands somewhere else in the text (a click, an arrow key).
const JUMP = 0.05

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)))

async function connectAll (peers) {
  let next = 0
  const worker = async () => {
    while (next < peers.length) await peers[next++].connect()
  }
  await Promise.all(Array.from({ length: Math.min(CONNECT_AT_ONCE, peers.length) }, worker))
}

/** One keystroke at the editor's cursor, as people type: ~10 % backspaces, the rest
 * inserts, and now and then (JUMP) the cursor moves to a random place. Returns
 * [clientID, clock, time] for inserts; deletions make no new clock. The cursor is an
 * index that others' edits do not move, so it drifts a little, as a careless typist's might. */
function keystroke (peer, rng) {
  peer.catchUp() // what arrived since the last keystroke, as a browser shows it
  const length = peer.ytext.length
  if (peer.cursor === null || peer.cursor > length || prng.real53(rng) < JUMP) {
    peer.cursor = prng.uint32(rng, 0, length)
  }
  if (peer.cursor > 0 && prng.real53(rng) < 0.1) {
    peer.cursor--
    peer.ytext.delete(peer.cursor, 1)
    peer.moveCursor(peer.cursor)
    return null
  }
  const clock = peer.clock
  const send = [peer.doc.clientID, clock, now()]
  peer.ytext.insert(peer.cursor++, prng.oneOf(rng, TYPED))
  peer.cursorAfter(clock)
  return send
}

/** Poisson arrivals at `rate` per editor from `from` until `end` (epoch ms). */
function typeUntil (editors, rng, rate, from, end, sends) {
  const gap = () => -Math.log(1 - prng.real53(rng)) / rate * 1000
  return Promise.all(editors.map(async (peer) => {
    for (let due = from + gap(); due < end; due += gap()) {
      await sleep(due - now())
      const send = keystroke(peer, rng)
      if (send) sends.push(send)
    }
  }))
}

/** LIVE_LOADGEN_PROFILE=DIR: a V8 CPU profile of the typing window, one file per process. */
async function startProfile () {
  if (!process.env.LIVE_LOADGEN_PROFILE) return null
  const session = new inspector.Session()
  session.connect()
  const post = (method, params) => new Promise((resolve, reject) =>
    session.post(method, params, (err, out) => err ? reject(err) : resolve(out)))
  await post('Profiler.enable')
  await post('Profiler.start')
  return post
}

async function stopProfile (post) {
  if (!post) return
  const { profile } = await post('Profiler.stop')
  writeFileSync(`${process.env.LIVE_LOADGEN_PROFILE}/typing-${process.pid}.cpuprofile`, JSON.stringify(profile))
}

async function main () {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8'))
  const Peer = job.kind === 'refound' ? RefoundPeer : YwsPeer
  const peers = job.peers.map((p, i) => {
    const spec = { ...p, url: p.url ?? job.url, room: p.room ?? job.room } // bench/scale.py: per peer
    const lean = job.kind === 'refound' && !p.editor && !p.observe && job.lean !== false
    return lean ? new LeanViewer(spec) : new Peer(spec, job.awareness, i)
  })
  await connectAll(peers)
  const readyAt = now()
  await sleep(job.start - now())
  const cpu0 = process.cpuUsage()
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS })
  lag.enable()
  const sends = []
  const editors = peers.filter((_, i) => job.peers[i].editor)
  const profiler = await startProfile()
  await typeUntil(editors, prng.create(job.seed), job.rate, Math.max(job.start, now()), job.start + job.seconds * 1000, sends)
  const cpuTyping = process.cpuUsage(cpu0) // what typing cost, before the drain
  await stopProfile(profiler)
  let deadline = now() + WAIT_MS
  while (peers.some((p) => p.pending) && now() < deadline) await sleep(50)
  // The last broadcasts: until no document message for `settle` s. A server
  // with a backlog is slow, not divergent; its backlog shows in the latencies.
  const quiet = (job.settle ?? 3) * 1000
  deadline = now() + WAIT_MS
  while (now() - Math.max(0, ...peers.map((p) => p.lastSyncAt)) < quiet && now() < deadline) await sleep(100)
  lag.disable()
  const cpu = process.cpuUsage(cpu0)
  const texts = peers.map((p) => p.text)
  const sum = (key) => peers.reduce((n, p) => n + p[key], 0)
  const report = {
    peers: peers.length,
    sends,
    probes: peers.filter((p) => p.events).map((p) => p.events),
    ack_ms: peers.flatMap((p) => p.ackTimes),
    hashes: texts.map((t) => createHash('sha256').update(t, 'utf8').digest('hex')),
    text: texts[0] ?? null,
    sent: sum('sent'),
    acked: sum('acked'),
    errors: sum('errors'),
    pending: sum('pending'),
    received: sum('received'),
    ready_at: readyAt,
    cpu_s: (cpu.user + cpu.system) / 1e6,
    cpu_typing_s: (cpuTyping.user + cpuTyping.system) / 1e6,
    rss_mb: process.resourceUsage().maxRSS / 1024,
    lag_p99_ms: Math.max(0, lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS),
    lag_max_ms: Math.max(0, lag.max / 1e6 - LAG_RESOLUTION_MS)
  }
  peers.forEach((p) => p.close())
  // A pipe write may be asynchronous: exit only once the report is out.
  process.stdout.write(JSON.stringify(report) + '\n', () => process.exit(0))
}

main().catch((err) => {
  console.error('live_load:', err)
  process.exit(1)
})
