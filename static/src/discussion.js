// The discussion on a page: comments arrive live (Socket.IO namespace /discussion), forms are
// sent without leaving the page, lines are chosen by clicking their numbers, and @mentions are
// suggested as you type. Every form also works without this script (server-rendered pages).
//
// DOM contract (templates/discussion/_client.html and its includers): one
// [data-discussion-client] with data-target, data-target-id, data-view ("kind:id" of the page),
// data-fragment-url (a comment's HTML, id 0 to replace), data-mentions-url, data-state-url (the
// page's comments in brief, to catch up after a lost connection) and data-i18n-*; its
// [data-discussion] ancestor holds [data-discussion-general], [data-discussion-gone] (inside
// [data-discussion-gone-section]), [data-discussion-lines] (a version's numbered <ol>),
// form[data-new-thread] with [data-line-from]/[data-line-to], and [data-discussion-status].
import { io } from 'socket.io-client'

const ACK_TIMEOUT_MS = 10000
const SUGGEST_DELAY_MS = 150

const client = document.querySelector('[data-discussion-client]')
if (client) start(client)

function start (client) {
  const d = client.dataset
  const root = client.closest('[data-discussion]') || document
  const status = root.querySelector('[data-discussion-status]') || document.querySelector('[data-discussion-status]')
  const lines = root.querySelector('[data-discussion-lines]')
  const newThread = root.querySelector('form[data-new-thread]')
  const t = (key, values = {}) => (d['i18n' + key] || '').replace(/\{(\w+)\}/g, (_m, k) => values[k] ?? '')
  const state = { joined: false }
  window.refoundDiscussion = state // read by the browser tests: joined once the room is joined

  const say = (text) => { if (status) { status.textContent = ''; setTimeout(() => { status.textContent = text }, 50) } }

  // -- fragments: the server renders every comment, with what this reader may do ---------------

  async function fragment (id, part) {
    const url = new URL(d.fragmentUrl.replace(/\/0$/, '/' + id), window.location.href)
    url.searchParams.set('view', d.view)
    if (part) url.searchParams.set('part', part)
    const res = await fetch(url, { credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } })
    if (!res.ok) return null
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
    const el = doc.body.firstElementChild
    return el ? document.importNode(el, true) : null
  }

  function markLines (from, to, cls, on = true) {
    if (!lines || !from || !to) return
    for (let n = from; n <= to; n++) {
      const li = lines.querySelector(`:scope > li[value="${n}"]`)
      if (li) li.classList.toggle(cls, on)
    }
  }

  function placeThread (el) {
    const old = document.getElementById(el.id)
    if (old) { old.replaceWith(el); return el }
    const lineTo = Number(el.dataset.lineTo || 0)
    if (el.dataset.gone) {
      root.querySelector('[data-discussion-gone]')?.append(el)
      root.querySelector('[data-discussion-gone-section]')?.removeAttribute('hidden')
    } else if (lineTo && lines) {
      const li = lines.querySelector(`:scope > li[value="${lineTo}"]`)
      let box = li && li.querySelector(':scope > .threads')
      if (li && !box) {
        box = document.createElement('div')
        box.className = 'threads'
        li.append(box)
      }
      ;(box || root.querySelector('[data-discussion-general]')).append(el)
      markLines(Number(el.dataset.lineFrom || lineTo), lineTo, 'discussed')
    } else {
      root.querySelector('[data-discussion-general]')?.append(el)
    }
    root.querySelectorAll('[data-discussion-empty]').forEach((p) => {
      if (!el.dataset.gone && !(lineTo && lines)) p.remove()
    })
    return el
  }

  async function show (comment, change) {
    const isReply = comment.reply_to !== null && comment.reply_to !== undefined
    if (change === 'created' && !isReply) {
      const el = await fragment(comment.id)
      return el ? placeThread(el).querySelector('.comment') : null
    }
    const el = await fragment(comment.id, 'comment')
    if (!el) return null
    const old = document.getElementById('comment-' + comment.id)
    if (old) {
      old.replaceWith(el)
    } else {
      const list = document.querySelector(`#thread-${comment.thread_id} ol.comments`)
      if (!list) return null // a thread this page does not show
      const li = document.createElement('li')
      li.className = 'reply'
      li.append(el)
      list.append(li)
    }
    if (change === 'hidden' && !isReply) document.querySelector(`#thread-${comment.id} .reply-box`)?.remove()
    return el
  }

  // -- live: join the page's room, show what arrives ------------------------------------------

  // After a lost connection: show what was written, changed or hidden meanwhile.
  async function catchUp () {
    let rows = []
    try {
      const res = await fetch(d.stateUrl, { credentials: 'same-origin' })
      rows = res.ok ? (await res.json()).comments || [] : []
    } catch (_e) { return }
    for (const row of rows) {
      const shown = document.getElementById('comment-' + row.id)
      if (shown && shown.dataset.stamp === row.stamp) continue
      const change = shown ? (row.stamp.endsWith('hidden') ? 'hidden' : 'edited') : 'created'
      await show({ id: row.id, thread_id: row.thread_id, reply_to: row.reply_to }, change)
    }
  }

  let connectedBefore = false
  const socket = io('/discussion', { withCredentials: true })
  socket.on('connect', () => {
    socket.timeout(ACK_TIMEOUT_MS).emit('join', { target: d.target, target_id: Number(d.targetId) }, (err, ack) => {
      state.joined = !err && !!ack && ack.ok === true
      if (state.joined && connectedBefore) catchUp()
      connectedBefore = connectedBefore || state.joined
    })
  })
  socket.on('disconnect', () => { state.joined = false })
  socket.on('comment', async (message) => {
    const comment = message && message.comment
    if (!comment || typeof comment.id !== 'number') return
    const el = await show(comment, message.change)
    if (el && message.change === 'created') {
      el.classList.add('arrived')
      say(t('Arrived', { name: comment.author || '' }))
    }
  })

  // -- forms: sent in place; errors beside the form --------------------------------------------

  function showError (form, message) {
    let p = form.querySelector(':scope > [data-form-error]')
    if (!p) {
      p = document.createElement('p')
      p.className = 'field-error'
      p.setAttribute('role', 'alert')
      p.dataset.formError = ''
      form.prepend(p)
    }
    p.textContent = message
  }

  root.addEventListener('submit', async (ev) => {
    const form = ev.target.closest && ev.target.closest('form[data-discussion-form]')
    if (!form) return
    ev.preventDefault()
    const button = form.querySelector('button[type="submit"]')
    if (button) button.disabled = true
    try {
      const res = await fetch(form.action, {
        method: 'POST', body: new FormData(form), credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch', Accept: 'application/json' }
      })
      let data = null
      try { data = await res.json() } catch (_e) { data = null }
      if (!res.ok || !data || !data.ok) {
        showError(form, (data && data.error && data.error.message) || t('Failed'))
        return
      }
      form.querySelector(':scope > [data-form-error]')?.remove()
      const action = form.action.split('/').pop()
      const change = action === 'edit' ? 'edited' : action === 'hide' ? 'hidden' : action === 'report' ? 'reported' : 'created'
      const isReply = !!(form.elements.reply_to && form.elements.reply_to.value)
      const comment = { id: data.id, thread_id: data.thread_id, reply_to: change === 'created' && !isReply ? null : data.thread_id }
      if (change === 'created') {
        const body = form.querySelector('textarea[name="body"]')
        if (body) body.value = ''
        if (form === newThread) setRange(null, null, false)
      }
      form.closest('details')?.removeAttribute('open')
      const el = await show(comment, change === 'reported' ? 'edited' : change)
      if (el) {
        el.setAttribute('tabindex', '-1')
        el.focus()
      }
    } catch (_e) {
      showError(form, t('Failed'))
    } finally {
      if (button) button.disabled = false
    }
  })

  // -- choosing lines: click a number (Shift+click to extend), or type them ---------------------

  let anchor = null
  let picked = [null, null]
  const fromInput = newThread && newThread.querySelector('[data-line-from]')
  const toInput = newThread && newThread.querySelector('[data-line-to]')
  const legend = newThread && newThread.querySelector('[data-new-thread-legend]')

  function setRange (from, to, move) {
    markLines(picked[0], picked[1], 'picked', false)
    picked = [from, to]
    if (!newThread) return
    if (fromInput) fromInput.value = from || ''
    if (toInput) toInput.value = to || ''
    markLines(from, to, 'picked', true)
    if (legend) legend.textContent = !from ? t('Whole') : from === to ? t('Line', { n: from }) : t('Lines', { a: from, b: to })
    if (move && lines && to) {
      const li = lines.querySelector(`:scope > li[value="${to}"]`)
      if (li) {
        li.insertBefore(newThread, li.querySelector(':scope > .threads'))
        newThread.querySelector('textarea')?.focus()
      }
    }
  }

  if (lines && newThread) {
    lines.addEventListener('click', (ev) => {
      const ln = ev.target.closest('.ln')
      if (!ln || !lines.contains(ln)) return
      const n = Number(ln.closest('li').value)
      if (ev.shiftKey && anchor) {
        setRange(Math.min(anchor, n), Math.max(anchor, n), true)
      } else {
        anchor = n
        setRange(n, n, true)
      }
    })
    const typed = () => {
      const max = lines.children.length
      const a = Number(fromInput.value) || Number(toInput.value)
      const b = Number(toInput.value) || a
      if (a >= 1 && b >= a && b <= max) {
        markLines(picked[0], picked[1], 'picked', false)
        picked = [a, b]
        markLines(a, b, 'picked', true)
      }
    }
    fromInput?.addEventListener('input', typed)
    toInput?.addEventListener('input', typed)
  }

  // -- @mentions: suggestions from the people of this discussion -------------------------------

  const MENTION_AT = /(^|[\s(])@(?:\[([^[\]\n#]{0,60})|([\p{L}\p{N}_.'-]{1,40}))$/u
  let timer = null
  let serial = 0

  function listFor (ta) {
    let list = document.getElementById(ta.id + '-mentions')
    if (!list) {
      list = document.createElement('ul')
      list.id = ta.id + '-mentions'
      list.className = 'mention-list'
      list.setAttribute('role', 'listbox')
      list.setAttribute('aria-label', t('People'))
      list.hidden = true
      ta.after(list)
      ta.setAttribute('aria-autocomplete', 'list')
      ta.setAttribute('aria-controls', list.id)
      list.addEventListener('mousedown', (ev) => {
        const li = ev.target.closest('li[role="option"]')
        if (li) { ev.preventDefault(); choose(ta, li) }
      })
    }
    return list
  }

  function close (ta) {
    const list = document.getElementById(ta.id + '-mentions')
    if (list) { list.hidden = true; list.replaceChildren() }
    ta.removeAttribute('aria-activedescendant')
  }

  function choose (ta, li) {
    const before = ta.value.slice(0, ta.selectionStart)
    const m = before.match(MENTION_AT)
    if (!m) return close(ta)
    const at = before.length - m[0].length + m[1].length
    const text = li.dataset.mention + ' '
    ta.value = ta.value.slice(0, at) + text + ta.value.slice(ta.selectionStart)
    ta.selectionStart = ta.selectionEnd = at + text.length
    close(ta)
    ta.focus()
  }

  function move (ta, step) {
    const list = document.getElementById(ta.id + '-mentions')
    const options = list ? [...list.querySelectorAll('li[role="option"]')] : []
    if (!options.length) return
    let i = options.findIndex((o) => o.getAttribute('aria-selected') === 'true')
    i = (i + step + options.length) % options.length
    options.forEach((o, j) => o.setAttribute('aria-selected', String(i === j)))
    ta.setAttribute('aria-activedescendant', options[i].id)
  }

  async function suggest (ta) {
    const m = ta.value.slice(0, ta.selectionStart).match(MENTION_AT)
    const q = m ? (m[2] ?? m[3] ?? '').trim() : ''
    if (!q) return close(ta)
    const mine = ++serial
    const url = new URL(d.mentionsUrl, window.location.href)
    url.searchParams.set('target', d.target)
    url.searchParams.set('target_id', d.targetId)
    url.searchParams.set('q', q)
    let found = []
    try {
      const res = await fetch(url, { credentials: 'same-origin' })
      found = res.ok ? (await res.json()).members || [] : []
    } catch (_e) { found = [] }
    if (mine !== serial) return // a later keystroke asked again
    const list = listFor(ta)
    list.replaceChildren(...found.map((member, i) => {
      const li = document.createElement('li')
      li.id = `${ta.id}-mention-${member.id}`
      li.setAttribute('role', 'option')
      li.setAttribute('aria-selected', String(i === 0))
      li.dataset.mention = member.mention
      li.textContent = member.name
      if (member.groups && member.groups.length) {
        const g = document.createElement('span')
        g.className = 'groups'
        g.textContent = ` (${member.groups.join(', ')})`
        li.append(g)
      }
      return li
    }))
    list.hidden = !found.length
    if (found.length) {
      ta.setAttribute('aria-activedescendant', list.firstElementChild.id)
      say(t('Suggestions', { n: found.length }))
    } else {
      ta.removeAttribute('aria-activedescendant')
    }
  }

  root.addEventListener('input', (ev) => {
    const ta = ev.target.closest && ev.target.closest('textarea[data-mentions]')
    if (!ta) return
    clearTimeout(timer)
    timer = setTimeout(() => suggest(ta), SUGGEST_DELAY_MS)
  })
  root.addEventListener('keydown', (ev) => {
    const ta = ev.target.closest && ev.target.closest('textarea[data-mentions]')
    const list = ta && document.getElementById(ta.id + '-mentions')
    if (!list || list.hidden) return
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault()
      move(ta, ev.key === 'ArrowDown' ? 1 : -1)
    } else if (ev.key === 'Enter' || ev.key === 'Tab') {
      const current = list.querySelector('li[aria-selected="true"]')
      if (current) { ev.preventDefault(); choose(ta, current) }
    } else if (ev.key === 'Escape') {
      ev.preventDefault()
      close(ta)
    }
  })
  root.addEventListener('focusout', (ev) => {
    const ta = ev.target.closest && ev.target.closest('textarea[data-mentions]')
    if (ta) setTimeout(() => { if (document.activeElement !== ta) close(ta) }, 200)
  })
}
