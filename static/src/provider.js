// A small Yjs provider speaking standard y-protocols messages (y-websocket
// framing) inside Socket.IO `yjs` events, so any Yjs peer can join a room.
// It tracks which local updates the server has acknowledged as stored, which
// is what "All changes saved" means (DESIGN: an ack means durable).
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import * as awarenessProtocol from 'y-protocols/awareness'

const MESSAGE_SYNC = 0
const MESSAGE_AWARENESS = 1
const ACK_TIMEOUT_MS = 15000

export class LiveProvider {
  /**
   * @param {import('socket.io-client').Socket} socket shared `/live` socket
   * @param {string} room e.g. "proposal:12"
   * @param {Y.Doc} doc
   * @param {awarenessProtocol.Awareness} awareness
   * @param {(provider: LiveProvider) => void} onChange called on any state change
   */
  constructor (socket, room, doc, awareness, onChange) {
    this.socket = socket
    this.room = room
    this.doc = doc
    this.awareness = awareness
    this.onChange = onChange
    this.state = 'connecting'
    this.joined = false
    this.synced = false
    this.writable = null // unknown until the join ack
    this.error = null // last error message from the server, if any
    this.unacked = new Map() // seq -> update not yet stored by the server
    this.seq = 0
    this._announce = null

    this._onUpdate = (update, origin) => {
      if (origin === this || origin === 'seed') return // remote or offline seed: not ours to save
      const seq = ++this.seq
      this.unacked.set(seq, update)
      if (this.joined) this._sendUpdate([seq], syncProtocol.messageYjsUpdate, update)
      this.onChange(this)
    }
    this._onAwareness = ({ added, updated, removed }, origin) => {
      const me = this.doc.clientID
      if (origin === this) {
        // A newcomer learns who is here only when others speak: answer soon.
        if (added.some((id) => id !== me)) this._scheduleAnnounce()
      } else if (added.concat(updated, removed).includes(me)) {
        this._send(MESSAGE_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [me]))
      }
    }
    this._onMessage = (payload) => {
      if (!payload || payload.room !== this.room || !payload.data) return
      this._receive(new Uint8Array(payload.data))
    }
    this._onRoom = (payload) => { // the room stopped taking edits (its proposal was submitted)
      if (!payload || payload.room !== this.room || payload.writable !== false || this.writable === false) return
      this.writable = false
      this.onChange(this)
    }
    this._onConnect = () => this._join()
    this._onSignedOut = () => { this.signedOut = true } // the server disconnects us next
    this._onDisconnect = () => {
      this.joined = false
      this.synced = false
      this.state = this.signedOut ? 'signed_out' : this.socket.active ? 'reconnecting' : 'offline'
      this._dropRemotePresence()
      this.onChange(this)
    }
    this._onConnectError = (err) => {
      // Still retrying (the server is restarting, or has closed live editing until it reaches
      // the other servers again): reconnecting. Refused for good (signed out): offline.
      this.state = this.socket.active ? 'reconnecting' : 'offline'
      if (!this.socket.active && err && err.message) this.error = err.message // refused, no retry
      this.onChange(this)
    }
    this._onBrowserOffline = () => {
      this.state = 'offline'
      this.onChange(this)
    }
    this._onUnload = () => {
      awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'unload')
    }

    doc.on('update', this._onUpdate)
    awareness.on('update', this._onAwareness)
    socket.on('yjs', this._onMessage)
    socket.on('room', this._onRoom)
    socket.on('connect', this._onConnect)
    socket.on('signed_out', this._onSignedOut)
    socket.on('disconnect', this._onDisconnect)
    socket.on('connect_error', this._onConnectError)
    window.addEventListener('beforeunload', this._onUnload)
    window.addEventListener('offline', this._onBrowserOffline)
    if (socket.connected) this._join()
  }

  /** 'saving' while any local update awaits its ack, else 'saved'. */
  get saveState () {
    return this.unacked.size ? 'saving' : 'saved'
  }

  _join () {
    this.state = 'connecting'
    this.onChange(this)
    this.socket.timeout(ACK_TIMEOUT_MS).emit('join', { room: this.room }, (err, ack) => {
      if (err || !ack || !ack.ok) {
        this.state = 'offline'
        this.error = (ack && ack.error && ack.error.message) || (err && err.message) || 'join failed'
        this.onChange(this)
        return
      }
      this.joined = true
      this.state = 'connected'
      this.error = null
      this.writable = ack.writable === true
      // Step 1: ask for what we lack. The server's own step 1 (answered in
      // _receive) and the resend below carry our offline edits to it.
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      syncProtocol.writeSyncStep1(encoder, this.doc)
      this._emit(encoding.toUint8Array(encoder))
      if (this.unacked.size) {
        const seqs = [...this.unacked.keys()]
        this._sendUpdate(seqs, syncProtocol.messageYjsUpdate, Y.mergeUpdates([...this.unacked.values()]))
      }
      if (this.awareness.getLocalState() !== null) {
        this._send(MESSAGE_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]))
      }
      this.onChange(this)
    })
  }

  _receive (data) {
    let decoder
    try {
      decoder = decoding.createDecoder(data)
      const type = decoding.readVarUint(decoder)
      if (type === MESSAGE_SYNC) {
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, MESSAGE_SYNC)
        const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this)
        if (syncType === syncProtocol.messageYjsSyncStep1 && encoding.length(encoder) > 1) {
          // Our step 2 may hold offline edits: send it with an ack like an update.
          this._emitWithAck(encoding.toUint8Array(encoder), [...this.unacked.keys()])
        }
        if (syncType === syncProtocol.messageYjsSyncStep2 && !this.synced) {
          this.synced = true
          this.onChange(this)
        }
      } else if (type === MESSAGE_AWARENESS) {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this)
      }
    } catch (e) {
      console.warn('refound live: ignored a malformed message', e)
    }
  }

  _sendUpdate (seqs, syncType, update) {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE_SYNC)
    encoding.writeVarUint(encoder, syncType)
    encoding.writeVarUint8Array(encoder, update)
    this._emitWithAck(encoding.toUint8Array(encoder), seqs)
  }

  _emitWithAck (data, seqs) {
    // Not gated on `joined`: a server may send its step 1 before the join ack.
    if (!this.socket.connected) return // resent on the next join
    this.socket.timeout(ACK_TIMEOUT_MS).emit('yjs', { room: this.room, data }, (err, ack) => {
      if (err) return // timed out or lost: stays unacked and is resent on the next join
      if (ack && ack.ok) {
        seqs.forEach((s) => this.unacked.delete(s))
        this.error = null
      } else {
        this.error = (ack && ack.error && ack.error.message) || 'error'
        if (ack && ack.error && ack.error.code === 'read_only') this.writable = false
      }
      this.onChange(this)
    })
  }

  _send (type, payload) {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, type)
    encoding.writeVarUint8Array(encoder, payload)
    this._emit(encoding.toUint8Array(encoder))
  }

  _emit (data) {
    if (this.joined) this.socket.emit('yjs', { room: this.room, data })
  }

  _scheduleAnnounce () {
    if (this._announce) return
    this._announce = setTimeout(() => {
      this._announce = null
      if (this.joined && this.awareness.getLocalState() !== null) {
        this._send(MESSAGE_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]))
      }
    }, 150 + Math.random() * 350)
  }

  _dropRemotePresence () {
    const others = [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID)
    if (others.length) awarenessProtocol.removeAwarenessStates(this.awareness, others, this)
  }

  destroy () {
    this.doc.off('update', this._onUpdate)
    this.awareness.off('update', this._onAwareness)
    this.socket.off('yjs', this._onMessage)
    this.socket.off('room', this._onRoom)
    this.socket.off('connect', this._onConnect)
    this.socket.off('signed_out', this._onSignedOut)
    this.socket.off('disconnect', this._onDisconnect)
    this.socket.off('connect_error', this._onConnectError)
    window.removeEventListener('beforeunload', this._onUnload)
    window.removeEventListener('offline', this._onBrowserOffline)
    clearTimeout(this._announce)
  }
}
