// Status line and presence list for a live room. Every visible word comes from
// data-i18n-* attributes the server renders through gettext; the English here
// is only a fallback for a template that forgot one.

const FALLBACK = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — your edits will sync when you reconnect',
  signedOut: 'Signed out, here or on another device — sign in again to go on editing',
  saving: 'Saving…',
  saved: 'All changes saved',
  error: 'Not saved',
  readonly: 'Read only',
  presence: 'Here now',
  you: 'you',
  anonymous: 'Someone',
  editor: 'Text',
  line: 'line {n}',
  lines: 'lines {a}–{b}',
  cite: 'Comment on these lines'
}
const SAVING_DELAY_MS = 400 // fast acks never flash "Saving…" at screen readers
const COLOUR = /^#[0-9a-f]{6}$/i
const STATE_LABEL = { signed_out: 'signedOut' }

/** Labels for a room: data-i18n-<key> on the room element, else the fallback. */
export function readLabels (el) {
  const labels = {}
  for (const key of Object.keys(FALLBACK)) {
    const attr = 'i18n' + key[0].toUpperCase() + key.slice(1)
    labels[key] = el.dataset[attr] || FALLBACK[key]
  }
  return labels
}

/** A colour that is safe to put in a style attribute, or the fallback. */
export function safeColour (value, fallback = '#30bced') {
  return typeof value === 'string' && COLOUR.test(value) ? value : fallback
}

function make (tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

function setText (node, text) {
  if (node.textContent !== text) node.textContent = text // unchanged text is not re-announced
}

/** The polite live region: connection state, save state, last error. */
export class StatusView {
  constructor (container, labels) {
    this.labels = labels
    let el = container.querySelector('[data-live-status]')
    if (!el) {
      el = make('div')
      el.setAttribute('data-live-status', '')
      container.appendChild(el)
    }
    el.classList.add('live-status')
    el.setAttribute('role', 'status')
    el.setAttribute('aria-live', 'polite')
    this.el = el
    this.connection = el.appendChild(make('span', 'live-status-connection'))
    el.appendChild(document.createTextNode(' '))
    this.save = el.appendChild(make('span', 'live-status-save'))
    el.appendChild(document.createTextNode(' '))
    this.error = el.appendChild(make('span', 'live-status-error'))
    this._savingTimer = null
  }

  /** @param {{state: string, saveState: string, error: string|null, writable: boolean}} s */
  render (s) {
    const l = this.labels
    this.el.dataset.state = s.state
    setText(this.connection, l[STATE_LABEL[s.state] || s.state] || s.state)
    setText(this.error, s.error ? `${l.error}: ${s.error}` : '')
    this.el.dataset.error = s.error ? 'true' : 'false'
    if (!s.writable) {
      clearTimeout(this._savingTimer)
      this._savingTimer = null
      this.el.dataset.save = 'readonly'
      setText(this.save, l.readonly)
    } else if (s.saveState === 'saved') {
      clearTimeout(this._savingTimer)
      this._savingTimer = null
      this.el.dataset.save = 'saved'
      setText(this.save, l.saved)
    } else if (!this._savingTimer && this.el.dataset.save !== 'saving') {
      this._savingTimer = setTimeout(() => {
        this._savingTimer = null
        this.el.dataset.save = 'saving'
        setText(this.save, l.saving)
      }, SAVING_DELAY_MS)
    }
  }
}

/** Where the selection is, in the assembly's official line numbers ("lines 12–14").
 * Not a live region: it changes with every cursor move. */
export class LinesView {
  constructor (container, labels, after) {
    this.labels = labels
    let el = container.querySelector('[data-live-lines]')
    if (!el) {
      el = make('div')
      el.setAttribute('data-live-lines', '')
      if (after) after.after(el)
      else container.appendChild(el)
    }
    el.classList.add('live-lines')
    this.el = el
  }

  /** @param {{from: number, to: number}} lines */
  render ({ from, to }) {
    const l = this.labels
    this.cited = { from, to }
    setText(this.text || this.el, from === to
      ? l.line.replace('{n}', from)
      : l.lines.replace('{a}', from).replace('{b}', to))
  }

  /** A "Comment on these lines" button that puts the cited lines into the page's comment form
   * ([data-cite-from]/[data-cite-to]) and moves to its text box. */
  offerCitation (label) {
    const from = document.querySelector('[data-cite-from]')
    const to = document.querySelector('[data-cite-to]')
    if (!from || !to || this.button) return
    this.el.replaceChildren()
    this.text = this.el.appendChild(make('span', 'live-lines-text'))
    if (this.cited) this.render(this.cited)
    this.el.appendChild(document.createTextNode(' '))
    this.button = this.el.appendChild(make('button', 'link-button live-cite', label))
    this.button.type = 'button'
    this.button.addEventListener('click', () => {
      if (!this.cited) return
      from.value = String(this.cited.from)
      to.value = String(this.cited.to)
      const body = from.form && from.form.querySelector('textarea[name="body"]')
      if (body) body.focus()
    })
  }
}

/** Who is in the room now, as a labelled list (not a live region: joins and
 * leaves would be noisy; the list is there when someone looks for it). */
export class PresenceView {
  constructor (el, labels, myClientId) {
    this.labels = labels
    this.me = myClientId
    el.classList.add('live-presence')
    this.list = make('ul', 'live-presence-list')
    this.list.setAttribute('aria-label', labels.presence)
    el.replaceChildren(this.list)
  }

  /** @param {Map<number, any>} states awareness states */
  render (states) {
    const people = []
    states.forEach((state, clientId) => {
      if (state && state.user) people.push({ clientId, user: state.user })
    })
    people.sort((a, b) => (b.clientId === this.me) - (a.clientId === this.me) ||
      String(a.user.name).localeCompare(String(b.user.name)))
    const items = people.map(({ clientId, user }) => {
      const li = make('li', 'live-presence-item')
      const swatch = li.appendChild(make('span', 'live-presence-swatch'))
      swatch.setAttribute('aria-hidden', 'true')
      swatch.style.backgroundColor = safeColour(user.color)
      li.appendChild(make('span', 'live-presence-name', user.name || this.labels.anonymous))
      if (clientId === this.me) {
        li.classList.add('live-presence-you')
        li.appendChild(make('span', 'live-presence-you-label', ` (${this.labels.you})`))
      }
      return li
    })
    this.list.replaceChildren(...items)
  }
}
