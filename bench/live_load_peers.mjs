// Peers for bench/live_load.mjs: each has its own Y.Doc (a Y.Text named
// `text`) and, with awareness on, a presence like the browser editor's. They
// speak Refound's Socket.IO /live protocol or plain y-websocket (the reference
// Node server). Observing peers log when each remote clock first arrives.
//
// Peers that do not observe stand for browsers on other machines: they keep the
// document updates they receive and apply them merged, in one transaction, when
// they next need the text (an editor before its next keystroke, everyone at the
// end for the divergence check). Applying every broadcast to hundreds of Y.Docs
// as it came, on the server's own two cores, measured this machine rather than
// the server (at 100 editors + 400 viewers the generator needed more than both
// cores). The server's work is the same either way, and observers still apply
// each message as it arrives. Only observers parse others' presence, likewise.
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'
import { io } from 'socket.io-client'
import WebSocket from 'ws'

const MESSAGE_SYNC = 0
const MESSAGE_AWARENESS = 1
const TIMEOUT_MS = 60000
const COLOURS = ['#30bced', '#6eeb83', '#ffbc42', '#ecd444', '#ee6352', '#9ac2c9']

/** Epoch milliseconds, sub-millisecond: comparable between processes on one machine. */
export const now = () => performance.timeOrigin + performance.now()

class Peer {
  constructor ({ url, room, token, editor, observe }, awareness, index) {
    Object.assign(this, { url, room, token })
    this.doc = new Y.Doc()
    this.ytext = this.doc.getText('text')
    this.events = observe ? [] : null // [writer clientID, new clock, arrival time]
    this.observe = observe
    this.defer = !observe
    this.backlog = [] // deferred messages, applied when the text is read
    this.isSynced = false
    this.cursor = null // an editor's typing position (see keystroke in live_load.mjs)
    this.sent = this.acked = this.errors = this.pending = this.received = 0
    this.ackTimes = [] // ms from sending a keystroke to its ack: the store's share of latency
    this.ready = false
    this.lastSyncAt = 0 // when a document message last came in
    this.synced = new Promise((resolve) => { this._synced = () => { this.isSynced = true; resolve() } })
    // Editors only: with an 'update' listener Yjs encodes every remote
    // transaction too, work that viewers (most peers) need not do.
    if (editor) {
      this.doc.on('update', (update, origin) => {
        if (origin === this) return // remote
        this.sent++
        this.sendUpdate(update)
      })
    }
    if (observe) this.doc.on('afterTransaction', (tr) => this._probe(tr))
    this.awareness = awareness ? this._presence(index) : null
  }

  _presence (index) {
    const awareness = new awarenessProtocol.Awareness(this.doc)
    awareness.setLocalStateField('user', { name: `Bench ${index}`, color: COLOURS[index % COLOURS.length] })
    // 'local' covers our keystrokes' cursors and the 15 s keep-alive, as in a browser.
    awareness.on('update', (_changes, origin) => {
      if (origin === 'local' && this.ready) this.sendAwareness()
    })
    return awareness
  }

  _probe (tr) {
    if (tr.origin !== this) return
    const at = now()
    const me = this.doc.clientID
    tr.afterState.forEach((clock, client) => {
      if (client !== me && clock > (tr.beforeState.get(client) || 0)) this.events.push([client, clock, at])
    })
  }

  /** A y-protocols message from the server: sync (answering step 1) or awareness. */
  receive (data) {
    this.received++
    if (this.defer && this.isSynced) {
      if (data[0] === MESSAGE_SYNC) {
        this.lastSyncAt = now()
        this.backlog.push(data)
      }
      return
    }
    this._apply(data)
  }

  _apply (data) {
    const decoder = decoding.createDecoder(data)
    const type = decoding.readVarUint(decoder)
    if (type === MESSAGE_SYNC) {
      this.lastSyncAt = now()
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this)
      if (syncType === syncProtocol.messageYjsSyncStep1) this.sendDoc(encoding.toUint8Array(encoder), false)
      if (syncType === syncProtocol.messageYjsSyncStep2) this._synced()
    } else if (type === MESSAGE_AWARENESS && this.awareness && this.observe) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this)
    }
  }

  /** Sync step 1 (and our presence) once connected; resolves on the server's step 2. */
  async start () {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    this.send(encoding.toUint8Array(encoder))
    this.ready = true
    if (this.awareness) this.sendAwareness()
    await withTimeout(this.synced, 'no sync step 2')
  }

  sendUpdate (update) {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    syncProtocol.writeUpdate(encoder, update)
    this.sendDoc(encoding.toUint8Array(encoder), true)
  }

  sendAwareness () {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]))
    this.send(encoding.toUint8Array(encoder))
  }

  /** Where the cursor sits after a keystroke, as y-codemirror.next publishes it. */
  moveCursor (index) {
    if (!this.awareness) return
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(this.ytext, index))
    this.awareness.setLocalStateField('cursor', { anchor: at, head: at })
  }

  /** The cursor right after the character we inserted with `clock`: the same relative
   * position y-codemirror.next publishes, built from the item's id instead of a walk
   * along the text to an index. */
  cursorAfter (clock) {
    if (!this.awareness) return
    const at = Y.relativePositionToJSON(new Y.RelativePosition(null, 'text', Y.createID(this.doc.clientID, clock), -1))
    this.awareness.setLocalStateField('cursor', { anchor: at, head: at })
  }

  /** The clock our next insert gets: its first character's id. */
  get clock () {
    return Y.getState(this.doc.store, this.doc.clientID)
  }

  /** Apply the deferred document updates, merged, in one go. */
  catchUp () {
    if (!this.backlog.length) return
    const updates = []
    for (const data of this.backlog) {
      const decoder = decoding.createDecoder(data)
      decoding.readVarUint(decoder) // MESSAGE_SYNC
      if (decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1) this._apply(data)
      else updates.push(decoding.readVarUint8Array(decoder))
    }
    this.backlog = []
    if (updates.length) Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u, this)), this)
  }

  get text () {
    this.catchUp()
    return this.ytext.toString()
  }

  close () {
    if (this.awareness) this.awareness.destroy()
    this.doc.destroy()
  }
}

/** Refound: Socket.IO /live, a join, y-protocols messages in acknowledged `yjs` events. */
export class RefoundPeer extends Peer {
  async connect () {
    // forceNew: one Engine.IO connection per peer, as with separate browsers.
    this.socket = io(this.url + '/live', {
      transports: ['websocket'], auth: { token: this.token }, reconnection: false, forceNew: true
    })
    // The server's step 1 may come before the join ack: listen from the start.
    this.socket.on('yjs', (payload) => {
      if (payload && payload.room === this.room && payload.data) this.receive(new Uint8Array(payload.data))
    })
    await withTimeout(new Promise((resolve, reject) => {
      this.socket.once('connect', resolve)
      this.socket.once('connect_error', reject)
    }), 'no connection')
    const ack = await this.socket.timeout(TIMEOUT_MS).emitWithAck('join', { room: this.room })
    if (!ack || !ack.ok) throw new Error(`join refused: ${JSON.stringify(ack)}`)
    this.writable = ack.writable
    await this.start()
  }

  send (data) {
    this.socket.emit('yjs', { room: this.room, data })
  }

  /** Document changes get an ack, {ok: true} once stored; only keystrokes count as acked. */
  sendDoc (data, keystroke) {
    this.pending++
    const sentAt = now()
    this.socket.emit('yjs', { room: this.room, data }, (ack) => {
      this.pending--
      if (ack && ack.ok) {
        if (keystroke) {
          this.acked++
          this.ackTimes.push(now() - sentAt)
        }
      } else {
        this.errors++
      }
    })
  }

  close () {
    this.socket.disconnect()
    super.close()
  }
}

/** The reference server: plain WebSocket per room, y-websocket framing, no acks. */
export class YwsPeer extends Peer {
  async connect () {
    this.ws = new WebSocket(this.url.replace(/^http/, 'ws') + '/' + this.room)
    this.ws.on('message', (data) => this.receive(new Uint8Array(data)))
    await withTimeout(new Promise((resolve, reject) => {
      this.ws.once('open', resolve)
      this.ws.once('error', reject)
    }), 'no connection')
    await this.start()
  }

  send (data) {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data)
  }

  sendDoc (data) {
    this.send(data)
  }

  close () {
    this.ws.close()
    super.close()
  }
}

function withTimeout (promise, what) {
  let timer
  const timeout = new Promise((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
