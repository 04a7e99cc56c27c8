// The official line numbers beside the live text, as the draft page prints
// them: every ~80-character display line of lines.js starts a row of its own
// with its number in the left margin. A paragraph's first row is numbered at
// the start of its CodeMirror line; each wrap break inside the paragraph gets
// a zero-height block widget, so the next official line starts a new row with
// its number. Widgets add no characters: the document text is unchanged.
import { StateField } from '@codemirror/state'
import { EditorView, Decoration, WidgetType, ViewPlugin } from '@codemirror/view'
import { numberLines, cite, LINE_WIDTH } from './lines.js'

class LineNumber extends WidgetType {
  constructor (n, wrapped, active) {
    super()
    this.n = n
    this.wrapped = wrapped // true: a break inside a paragraph; false: a paragraph's first row
    this.active = active
  }

  eq (other) {
    return other.n === this.n && other.wrapped === this.wrapped && other.active === this.active
  }

  toDOM () {
    const el = document.createElement('span')
    el.setAttribute('aria-hidden', 'true') // the text reads on; the status bar says where the cursor is
    if (this.wrapped) el.classList.add('cm-ol-break')
    el.appendChild(document.createElement('span')).className = 'cm-ol-n'
    this.updateDOM(el)
    return el
  }

  updateDOM (el) {
    if (el.classList.contains('cm-ol-break') !== this.wrapped) return false
    el.className = (this.wrapped ? 'cm-ol-break' : 'cm-ol-start') + (this.active ? ' cm-ol-active' : '')
    el.dataset.line = String(this.n)
    el.firstChild.textContent = String(this.n)
    return true
  }

  ignoreEvent () { return false } // a click on a number puts the cursor there
}

/** Numbering state for a document: official line starts and ends (UTF-16 offsets). */
function officialField (width) {
  return StateField.define({
    create: (state) => numberLines(state.doc.toString(), width),
    update: (value, tr) => tr.docChanged ? numberLines(tr.state.doc.toString(), width) : value
  })
}

/** First index i with starts[i] >= pos. */
function firstFrom (starts, pos) {
  let lo = 0
  let hi = starts.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (starts[mid] < pos) lo = mid + 1
    else hi = mid
  }
  return lo
}

function decorate (view, field) {
  const { starts, ends } = view.state.field(field)
  const sel = view.state.selection.main
  const [from, to] = cite(starts, sel.from, sel.to)
  const widgets = []
  // The whole rendered viewport, not just what is on screen, so rows do not
  // grow as they scroll into view (the breaks change their height).
  const { from: top, to: bottom } = view.viewport
  for (let i = firstFrom(starts, top); i < starts.length && starts[i] <= bottom; i++) {
    const n = i + 1
    const wrapped = i > 0 && ends[i - 1] === starts[i]
    widgets.push(Decoration.widget({ widget: new LineNumber(n, wrapped, n >= from && n <= to), side: -1 })
      .range(starts[i]))
  }
  return Decoration.set(widgets)
}

/** The official numbering for an editor: decorations, plus `onCite({from, to})`
 * whenever the lines the selection touches change. */
export function officialLines ({ width = LINE_WIDTH, onCite = null } = {}) {
  const field = officialField(width)
  let last = ''
  const report = (state) => {
    if (!onCite) return
    const sel = state.selection.main
    const [from, to] = cite(state.field(field).starts, sel.from, sel.to)
    if (`${from}-${to}` !== last) {
      last = `${from}-${to}`
      onCite({ from, to })
    }
  }
  const plugin = ViewPlugin.fromClass(class {
    constructor (view) {
      this.decorations = decorate(view, field)
      report(view.state)
    }

    update (u) {
      if (u.docChanged || u.viewportChanged || u.selectionSet) {
        this.decorations = decorate(u.view, field)
        report(u.state)
      }
    }
  }, { decorations: (p) => p.decorations })
  return [field, plugin, EditorView.editorAttributes.of({ class: 'cm-official-lines' })]
}

