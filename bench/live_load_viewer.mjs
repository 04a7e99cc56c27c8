// A lean read-only Refound peer for bench/live_load.mjs: the Engine.IO 4 /
// Socket.IO 5 wire protocol spoken directly over a `ws` WebSocket, for viewers
// that neither type nor measure. Hundreds of socket.io-client instances parsing
// every broadcast cost the generator more than a core of this 2-core machine,
// CPU the server under test then lacked. To the server this is the same client:
// handshake, namespace connect with a token, join with an ack, sync step 1 and
// 2, pings; it keeps the document updates it receives and applies them at the
// end for the divergence check. Observers and editors use socket.io-client.
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import WebSocket from 'ws'

const NS = '/live'
const TIMEOUT_MS = 60000

export class LeanViewer {
  constructor ({ url, room, token }) {
    Object.assign(this, { url, room, token })
    this.doc = new Y.Doc()
    this.events = null // not an observer
    this.ackTimes = []
    this.sent = this.acked = this.errors = this.pending = this.received = 0
    this.lastSyncAt = 0
    this.updates = [] // document updates received after sync, applied at the end
    this._expect = null // a binary event's header came; its attachment is next
  }

  connect () {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('lean viewer: no sync')), TIMEOUT_MS)
      const done = (err) => { clearTimeout(timer); err ? reject(err) : resolve(this) }
      this._synced = done
      this.ws = new WebSocket(this.url.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket')
      this.ws.on('error', done)
      this.ws.on('message', (data, isBinary) => this._frame(data, isBinary))
    })
  }

  _frame (data, isBinary) {
    if (isBinary) return this._attachment(new Uint8Array(data))
    const text = data.toString()
    if (text === '2') return this.ws.send('3') // ping -> pong
    if (text.startsWith('0')) return this.ws.send(`40${NS},${JSON.stringify({ token: this.token })}`)
    if (text.startsWith(`40${NS},`)) return this.ws.send(`42${NS},1${JSON.stringify(['join', { room: this.room }])}`)
    if (text.startsWith(`44${NS},`)) return this._synced(new Error(`refused: ${text}`))
    if (text.startsWith(`43${NS},1`)) { // the join's ack: ask for the document
      const ack = JSON.parse(text.slice(`43${NS},1`.length))[0]
      if (!ack || !ack.ok) return this._synced(new Error(`join refused: ${text}`))
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, 0)
      syncProtocol.writeSyncStep1(encoder, this.doc)
      this.ws.send(`451-${NS},${JSON.stringify(['yjs', { room: this.room, data: { _placeholder: true, num: 0 } }])}`)
      this.ws.send(encoding.toUint8Array(encoder))
      return
    }
    if (text.startsWith(`451-${NS},`)) this._expect = true
  }

  _attachment (data) {
    if (!this._expect) return
    this._expect = null
    this.received++
    if (data[0] !== 0) return // presence: counted, not parsed
    this.lastSyncAt = performance.timeOrigin + performance.now()
    const decoder = decoding.createDecoder(data)
    decoding.readVarUint(decoder)
    const kind = decoding.readVarUint(decoder)
    const update = decoding.readVarUint8Array(decoder)
    if (kind === syncProtocol.messageYjsSyncStep2 && this._synced) {
      Y.applyUpdate(this.doc, update)
      const synced = this._synced
      this._synced = null
      synced()
    } else if (kind !== syncProtocol.messageYjsSyncStep1) {
      this.updates.push(update)
    }
  }

  catchUp () {
    if (!this.updates.length) return
    const updates = this.updates
    this.updates = []
    Y.transact(this.doc, () => updates.forEach((u) => Y.applyUpdate(this.doc, u)))
  }

  get text () {
    this.catchUp()
    return this.doc.getText('text').toString()
  }

  close () {
    this.ws.close()
    this.doc.destroy()
  }
}
