// Boots every live co-editing room on the page: [data-live-room] elements get
// a CodeMirror 6 editor bound to a shared Y.Text over Socket.IO namespace /live.
// See the DOM contract in static/src/README.md.
import * as Y from 'yjs'
import { io } from 'socket.io-client'
import { Awareness } from 'y-protocols/awareness'
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next'
import { EditorState, Compartment } from '@codemirror/state'
import { EditorView, keymap, drawSelection, highlightActiveLine } from '@codemirror/view'
import { defaultKeymap } from '@codemirror/commands'
import { syntaxHighlighting, defaultHighlightStyle, LanguageSupport } from '@codemirror/language'
// Markdown without embedded HTML/JS/CSS parsers: ~150 KB less to download.
import { markdownLanguage, markdownKeymap } from '@codemirror/lang-markdown'
import { LiveProvider } from './provider.js'
import { StatusView, PresenceView, LinesView, readLabels, safeColour } from './ui.js'
import { officialLines } from './numbering.js'
import { LINE_WIDTH } from './lines.js'
import { trackedRegion, utf16Offset, codePointOffset } from './region.js'

const SEED_CLIENT_ID = 0 // must match deliberation/live/rooms.py
const OFFLINE_SEED_AFTER_MS = 2500

function decodeBase64 (text) {
  const raw = atob(text)
  const bytes = new Uint8Array(raw.length)
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i)
  return bytes
}

/** The server's deterministic seed (same items as rooms.seed_update), so a
 * browser that started offline never duplicates the room's initial text. */
function seedText (doc, text) {
  const tmp = new Y.Doc()
  tmp.clientID = SEED_CLIENT_ID
  tmp.getText('text').insert(0, text)
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(tmp), 'seed')
  tmp.destroy()
}

/** Remote awareness is untrusted: keep only what we render, in safe forms. */
function sanitiseAwareness (awareness) {
  awareness.on('change', ({ added, updated }) => {
    for (const id of added.concat(updated)) {
      const user = awareness.getStates().get(id)?.user
      if (!user || typeof user !== 'object') continue
      user.name = String(user.name ?? '').slice(0, 80)
      user.color = safeColour(user.color)
      user.colorLight = user.color + '33'
    }
  })
}

function startRoom (el, socket) {
  const room = el.dataset.liveRoom
  const labels = readLabels(el)
  const doc = new Y.Doc()
  const ytext = doc.getText('text')
  const awareness = new Awareness(doc)
  sanitiseAwareness(awareness) // registered before yCollab's own listener
  const colour = safeColour(el.dataset.userColour)
  awareness.setLocalStateField('user', {
    name: (el.dataset.userName || labels.anonymous).slice(0, 80),
    color: colour,
    colorLight: colour + '33'
  })

  // Start from the state the page was rendered with, if the server gave it.
  if (el.dataset.initialUpdate) {
    try {
      Y.applyUpdate(doc, decodeBase64(el.dataset.initialUpdate), 'seed')
    } catch (e) {
      console.warn('refound live: ignored a bad data-initial-update', e)
    }
  }

  let writable = el.dataset.writable === 'true'
  const editable = new Compartment()
  const editableExt = (w) => [EditorState.readOnly.of(!w), EditorView.editable.of(w)]
  const undoManager = new Y.UndoManager(ytext)

  let mount = el.querySelector('[data-live-editor]')
  if (!mount) {
    mount = document.createElement('div')
    mount.setAttribute('data-live-editor', '')
    el.prepend(mount)
  }
  mount.classList.add('live-editor')
  // The assembly's official line numbers: shown beside the text, and the lines
  // the selection touches, for citing (status bar and data-line-from/-to).
  const width = parseInt(el.dataset.lineWidth, 10) || LINE_WIDTH
  let cited = { from: 1, to: 1 }
  let linesView = null
  const onCite = (lines) => {
    cited = lines
    el.dataset.lineFrom = String(lines.from)
    el.dataset.lineTo = String(lines.to)
    if (linesView) linesView.render(lines)
  }
  // The merge draft's resolution page marks the region being composed (region.js).
  const initialDoc = ytext.toString()
  let region = null
  if (el.dataset.regionStart !== undefined && el.dataset.regionEnd !== undefined) {
    region = trackedRegion(utf16Offset(initialDoc, parseInt(el.dataset.regionStart, 10) || 0),
      utf16Offset(initialDoc, parseInt(el.dataset.regionEnd, 10) || 0), el.dataset.regionLabel)
  }
  const onRegion = EditorView.updateListener.of((u) => {
    if (region && u.docChanged) el.dispatchEvent(new CustomEvent('refound:region', { detail: regionOf(u.state) }))
  })
  const regionOf = (state) => {
    const r = state.field(region)
    const text = state.doc.toString()
    return { text: text.slice(r.from, r.to), start: codePointOffset(text, r.from), end: codePointOffset(text, r.to) }
  }
  const view = new EditorView({
    parent: mount,
    state: EditorState.create({
      doc: initialDoc,
      extensions: [
        region ? [region, onRegion] : [],
        officialLines({ width, onCite }),
        drawSelection(),
        highlightActiveLine(),
        EditorView.lineWrapping,
        // The page's CSP allows only <style> elements that carry this response's nonce.
        EditorView.cspNonce.of(el.dataset.cspNonce || ''),
        new LanguageSupport(markdownLanguage),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...yUndoManagerKeymap, ...markdownKeymap, ...defaultKeymap]), // Tab is left to move focus
        editable.of(editableExt(writable)),
        EditorView.contentAttributes.of({ 'aria-label': el.dataset.label || labels.editor }),
        yCollab(ytext, awareness, { undoManager })
      ]
    })
  })

  // Keep a plain form post working: the hidden textarea mirrors the text.
  const textarea = el.closest('form')?.querySelector('textarea[name="text"]') || null
  const mirror = () => { if (textarea) textarea.value = ytext.toString() }
  ytext.observe(mirror)
  if (ytext.length) mirror()

  const status = new StatusView(el, labels)
  linesView = new LinesView(el, labels, status.el)
  linesView.render(cited)
  linesView.offerCitation(labels.cite)
  const presenceEl = el.querySelector('[data-live-presence]') ||
    document.querySelector(`[data-live-presence="${CSS.escape(room)}"]`)
  const presence = presenceEl ? new PresenceView(presenceEl, labels, doc.clientID) : null
  const renderPresence = () => presence && presence.render(awareness.getStates())
  awareness.on('change', renderPresence)
  renderPresence()

  const provider = new LiveProvider(socket, room, doc, awareness, (p) => {
    if (p.writable !== null && p.writable !== writable) {
      writable = p.writable
      view.dispatch({ effects: editable.reconfigure(editableExt(writable)) })
    }
    el.classList.toggle('is-readonly', !writable)
    el.dataset.liveState = p.state
    status.render({ state: p.state, saveState: p.saveState, error: p.error, writable })
    if (p.synced) mirror()
  })
  el.classList.toggle('is-readonly', !writable)
  status.render({ state: provider.state, saveState: 'saved', error: null, writable })

  // Offline at start: show the room's initial text (the deterministic seed).
  const initialText = el.dataset.initialText
  if (initialText && !el.dataset.initialUpdate) {
    const fallback = () => {
      if (!provider.synced && ytext.length === 0) seedText(doc, initialText)
    }
    const timer = setTimeout(fallback, OFFLINE_SEED_AFTER_MS)
    socket.once('connect_error', () => { clearTimeout(timer); fallback() })
    if (!navigator.onLine) { clearTimeout(timer); fallback() }
  }

  const handle = {
    room,
    doc,
    ytext,
    view,
    awareness,
    provider,
    undoManager,
    get text () { return ytext.toString() },
    get state () { return provider.state },
    get saveState () { return provider.saveState },
    get unacked () { return provider.unacked.size },
    get synced () { return provider.synced },
    get writable () { return writable },
    get error () { return provider.error },
    get lines () { return { ...cited } },
    /** The region being composed: its text and its ends in code points (null without one). */
    region () { return region ? regionOf(view.state) : null },
    /** Put `text` in place of the region (it stays the region); focus the editor there. */
    replaceRegion (text) {
      if (!region || !writable) return
      const r = view.state.field(region)
      view.dispatch({ changes: { from: r.from, to: r.to, insert: text }, selection: { anchor: r.from + text.length } })
      view.focus()
    }
  }
  el.dispatchEvent(new CustomEvent('refound:room-ready', { detail: handle, bubbles: true }))
  return handle
}

/** Start every room under `root`; returns the page-wide handle (also on window). */
export function boot (root = document) {
  const elements = root.querySelectorAll('[data-live-room]')
  const live = { rooms: {}, views: [], socket: null }
  window.refoundLive = live
  if (!elements.length) return live
  // One connection for the page; rooms share it (Socket.IO multiplexes).
  const socket = io('/live', { withCredentials: true, autoConnect: false })
  live.socket = socket
  elements.forEach((el) => {
    const handle = startRoom(el, socket)
    live.rooms[handle.room] = handle
    live.views.push(handle.view)
  })
  live.text = (room) => live.rooms[room]?.text
  live.state = (room) => live.rooms[room]?.state
  window.addEventListener('online', () => { if (!socket.connected) socket.connect() })
  socket.connect()
  return live
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', () => boot())
} else {
  boot()
}
